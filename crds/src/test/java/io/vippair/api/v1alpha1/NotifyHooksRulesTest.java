package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** spec.notifyHooks as the API server would check it: names only, states and members each once, members of the pair. */
class NotifyHooksRulesTest {
  static ApiServerValidation apiServer;
  static JsonNode example;

  @BeforeAll
  static void load() throws Exception {
    apiServer = new ApiServerValidation(CrdWriter.COMMITTED);
    example = new YAMLMapper().readTree(Path.of("../deploy/examples/equal-pair.yaml").toFile());
  }

  @Test
  void hooksByNameWithStatesAndMembersAreAccepted() {
    assertThat(apiServer.validateCreate(withHooks("[{hook: seed-notify}]"))).isEmpty();
    assertThat(apiServer.validateCreate(withHooks(
        "[{hook: seed-notify, states: [MASTER, BACKUP, FAULT]}, {hook: promote-mysql, states: [MASTER], members: [cvm-a]}]"))).isEmpty();
    assertThat(apiServer.validateCreate(withHooks("[{hook: a, members: [cvm-a, cvm-b]}, {hook: b}, {hook: c}, {hook: d}]"))).isEmpty();
  }

  @Test
  void aCommandInsteadOfANameIsRejectedOnTheHooksName() {
    assertThat(apiServer.validateCreate(withHooks("[{hook: /etc/keepalived/notify_action.sh}]")))
        .anySatisfy(e -> assertThat(e).startsWith("spec.notifyHooks[0].hook"));
    assertThat(apiServer.validateCreate(withHooks("[{states: [MASTER]}]")))
        .anySatisfy(e -> assertThat(e).contains("spec.notifyHooks[0]").contains("hook"));
    // unknown fields are kept (older code survives newer objects), but no type reads them: a VipPair cannot define a command
    VipPair typed = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        withHooks("[{hook: x, exec: [/bin/sh, -c, reboot]}]").toString(), VipPair.class);
    assertThat(typed.getSpec().getNotifyHooks()).singleElement().satisfies(h -> assertThat(h.getHook()).isEqualTo("x"));
  }

  @Test
  void statesAreMasterBackupOrFaultEachOnce() {
    assertThat(apiServer.validateCreate(withHooks("[{hook: x, states: [STOP]}]")))
        .anySatisfy(e -> assertThat(e).startsWith("spec.notifyHooks[0].states[0]"));
    assertThat(apiServer.validateCreate(withHooks("[{hook: x, states: [MASTER, MASTER]}]")))
        .anySatisfy(e -> assertThat(e).contains("name each state once"));
    assertThat(apiServer.validateCreate(withHooks("[{hook: x, states: []}]")))
        .anySatisfy(e -> assertThat(e).startsWith("spec.notifyHooks[0].states"));
  }

  @Test
  void membersMustBeThePairsMembersEachOnce() {
    assertThat(apiServer.validateCreate(withHooks("[{hook: x, members: [cvm-z]}]")))
        .anySatisfy(e -> assertThat(e).contains("spec.notifyHooks[].members: each must be the name of one of spec.members"));
    assertThat(apiServer.validateCreate(withHooks("[{hook: x, members: [cvm-a, cvm-a]}]")))
        .anySatisfy(e -> assertThat(e).contains("name each member once"));
  }

  @Test
  void eachHookOnceAndAtMostFour() {
    assertThat(apiServer.validateCreate(withHooks("[{hook: x, states: [MASTER]}, {hook: x, states: [BACKUP]}]")))
        .anySatisfy(e -> assertThat(e).contains("spec.notifyHooks: name each hook once"));
    assertThat(apiServer.validateCreate(withHooks("[{hook: a}, {hook: b}, {hook: c}, {hook: d}, {hook: e}]")))
        .anySatisfy(e -> assertThat(e).startsWith("spec.notifyHooks"));
  }

  private static JsonNode withHooks(String yaml) {
    ObjectNode pair = example.deepCopy();
    try {
      ((ObjectNode) pair.get("spec")).set("notifyHooks", new YAMLMapper().readTree(yaml));
    } catch (Exception e) {
      throw new IllegalArgumentException(yaml, e);
    }
    return pair;
  }
}
