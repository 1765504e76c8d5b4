package io.vippair.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.vippair.common.config.BadSetting;
import io.vippair.mockapi.MockApiServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DaemonSet agent's member on nodes named by IP address (TKE): the node's vippair.io/member label. */
class NodeMemberTest {

  @Test
  void theLabelWinsThenTheAnnotationThenTheNodeName() {
    assertThat(NodeMember.choose("10.0.1.17", Map.of("vippair.io/member", "cvm-a"), Map.of("vippair.io/member", "other")))
        .isEqualTo("cvm-a");
    assertThat(NodeMember.choose("10.0.1.17", Map.of(), Map.of("vippair.io/member", "cvm-b"))).isEqualTo("cvm-b");
    assertThat(NodeMember.choose("worker-3", null, null)).isEqualTo("worker-3");
  }

  @Test
  void aNodeNamedByIpIsTheMemberItsAddressNamesWithDashes() {
    assertThat(NodeMember.choose("10.0.1.17", Map.of("topology.kubernetes.io/zone", "gz-3"), null)).isEqualTo("10-0-1-17");
    assertThat(NodeMember.choose("ip-10-0-1-17.ec2.internal", null, null)).isEqualTo("ip-10-0-1-17-ec2-internal");
  }

  @Test
  void aNodeWhoseNameGivesNoMemberIsRefusedWithTheCommandThatFixesIt() {
    assertThatThrownBy(() -> NodeMember.choose("Node_17", null, null))
        .isInstanceOf(BadSetting.class)
        .hasMessageContaining("node Node_17 gives no member name")
        .hasMessageContaining("kubectl label node Node_17 vippair.io/member=<spec.members[].name>");
    assertThatThrownBy(() -> NodeMember.choose("10.0.1.17", Map.of("vippair.io/member", "CVM_A"), null))
        .hasMessageContaining("its label vippair.io/member='CVM_A' is not a DNS label");
  }

  @Test
  void readsTheNodeAndKeepsTheAnswerForARestartWithoutTheApiServer(@TempDir Path run) {
    try (MockApiServer api = MockApiServer.start()) {
      api.client().nodes().resource(new NodeBuilder().withNewMetadata().withName("10.0.1.17")
          .addToLabels("vippair.io/member", "cvm-a").endMetadata().build()).create();
      assertThat(NodeMember.resolve(api.client(), "10.0.1.17", run)).isEqualTo("cvm-a");
      assertThat(api.requests()).contains("GET /api/v1/nodes/10.0.1.17");
    }
    // the API server is gone (nothing listens on port 1): the name found before is used
    var unreachable = new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestTimeout(1000)
        .withConnectionTimeout(500).withRequestRetryBackoffLimit(0).build();
    try (var client = new KubernetesClientBuilder().withConfig(unreachable).build()) {
      assertThat(NodeMember.resolve(client, "10.0.1.17", run)).isEqualTo("cvm-a");
    }
    assertThat(NodeMember.remembered(run.resolve(NodeMember.CACHE), "10.0.1.18")).as("only for the same node").isEmpty();
  }
}
