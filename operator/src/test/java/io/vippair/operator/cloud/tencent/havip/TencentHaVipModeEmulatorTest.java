package io.vippair.operator.cloud.tencent.havip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.api.v1alpha1.CloudMode;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.HaVipSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpSpec;
import io.vippair.emulator.Actions;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.CloudModes;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.Placement;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.cloud.tencent.CloudEndpoint;
import io.vippair.operator.cloud.tencent.CloudPortSettings;
import io.vippair.operator.failover.CloudView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HAVIP mode through {@link CloudModes} (as the controller uses it) with the real SDK against
 * the cloud emulator: the binding in member terms, the drift scope and EIP kept, the wait for the
 * binding to follow, batching, and what only the cloud can reveal about the spec.
 */
class TencentHaVipModeEmulatorTest {
  private static final String REGION = "ap-guangzhou";
  private static final String VPC = "vpc-1yxuk010";
  private static final String SUBNET = "subnet-aaaaaaaa";

  private CloudEmulator emu;
  private CloudAccount account;
  private CloudModes modes;

  @BeforeEach
  void start() {
    emu = CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofMillis(100), Duration.ofMillis(100)));
    emu.addVpc(VPC, REGION, "10.0.0.0/16").addSubnet(SUBNET, VPC, "10.0.0.0/16")
        .addEni("eni-aaaaaaaa", SUBNET, "ins-aaaaaaaa", "10.0.1.17")
        .addEni("eni-bbbbbbbb", SUBNET, "ins-bbbbbbbb", "10.0.1.18")
        .addEni("eni-cccccccc", SUBNET, "ins-cccccccc", "10.0.1.19")
        .addHaVip("havip-aaaaaaaa", SUBNET, "10.0.1.100")
        .addEip("eip-aaaaaaaa", "203.0.113.10", REGION)
        .addEip("eip-bbbbbbbb", "203.0.113.11", REGION);
    account = new CloudAccount(REGION, new CloudCredentials(emu.secretId(), emu.secretKey(), null));
    modes = CloudModes.create(CloudPortSettings.defaults().withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint()))
        .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)), new SimpleMeterRegistry());
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  static VipPair pair(String name, String haVipId, String vip, String eip, String eniA, String eniB) {
    var spec = new VipPairSpec();
    var cloud = new CloudSpec();
    cloud.setRegion(REGION);
    cloud.setVpcId(VPC);
    cloud.setMode(CloudMode.HaVip);
    if (haVipId != null || eip != null) {
      cloud.setHaVip(new HaVipSpec(haVipId, eip));
    }
    spec.setCloud(cloud);
    spec.setVip(new VipSpec(vip));
    spec.setFailover(new FailoverSpec());
    spec.setVrrp(new VrrpSpec());
    spec.setMembers(new ArrayList<>(List.of(new Member("a", null, eniA, "10.0.1.17", "eth0"),
        new Member("b", null, eniB, "10.0.1.18", "eth0"))));
    var p = new VipPair();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("web").withName(name).build());
    p.setSpec(spec);
    return p;
  }

  private Placement observe(VipPair p) {
    return modes.observe(account, List.of(p), CallPriority.ROUTINE).get(CloudPort.key(p));
  }

  @Test
  void theBindingIsReadInMemberTermsAndTheDriftScopeIsKeptToTheMembers() throws Exception {
    VipPair p = pair("edge", "havip-aaaaaaaa", "10.0.1.100", null, "eni-aaaaaaaa", "eni-bbbbbbbb");
    assertThat(CloudModes.modeOf(p)).isEqualTo(CloudModes.Mode.TENCENT_HAVIP);
    // before the first observation anyone in the subnet may claim it: the operator narrows the scope
    assertThat(observe(p)).isEqualTo(new Placement(new CloudView.Unassigned(), null));
    assertThat(emu.requests(Actions.ASSOCIATE_HA_VIP_INSTANCE)).isEqualTo(1);
    assertThat(emu.claimHaVip("10.0.1.100", "eni-cccccccc")).isEqualTo("OUTSIDE_SCOPE");
    assertThat(emu.claimHaVip("10.0.1.100", "eni-bbbbbbbb")).isEqualTo("FOLLOWED");
    assertThat(observe(p).view()).isEqualTo(new CloudView.OwnedBy("b"));
    assertThat(emu.requests(Actions.ASSOCIATE_HA_VIP_INSTANCE)).as("a kept scope costs no call").isEqualTo(1);

    // a member replaced in the spec: the old ENI leaves the scope, the new one joins it
    VipPair replaced = pair("edge", "havip-aaaaaaaa", "10.0.1.100", null, "eni-aaaaaaaa", "eni-cccccccc");
    assertThat(observe(replaced).view()).as("bound to an ENI outside the pair").isEqualTo(new CloudView.Conflict("eni-bbbbbbbb"));
    assertThat(emu.claimHaVip("10.0.1.100", "eni-cccccccc")).isEqualTo("FOLLOWED");
    assertThat(emu.claimHaVip("10.0.1.100", "eni-bbbbbbbb")).isEqualTo("OUTSIDE_SCOPE");
  }

  @Test
  void placingWaitsForTheBindingWithoutAnyCall() throws Exception {
    VipPair p = pair("edge", null, "10.0.1.100", null, "eni-aaaaaaaa", "eni-bbbbbbbb");
    observe(p);
    emu.claimHaVip("10.0.1.100", "eni-bbbbbbbb");
    assertThat(observe(p).view()).isEqualTo(new CloudView.OwnedBy("b"));
    long describes = emu.requests(Actions.DESCRIBE_HA_VIPS);
    TaskHandle wait = modes.place(account, p, "a", "b", CloudPort.Attempts.IGNORED);
    assertThat(wait.taskId()).isNotBlank();
    assertThat(modes.follow(account, p, wait.taskId())).isInstanceOf(TaskState.Running.class);
    emu.claimHaVip("10.0.1.100", "eni-aaaaaaaa");
    assertThat(modes.follow(account, p, wait.taskId())).as("answered from the last observation")
        .isInstanceOf(TaskState.Running.class);
    assertThat(observe(p).view()).isEqualTo(new CloudView.OwnedBy("a"));
    assertThat(modes.follow(account, p, wait.taskId())).isInstanceOf(TaskState.Succeeded.class);
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS) - describes).as("only the observation asked the cloud").isEqualTo(1);
    assertThat(modes.release(account, p, "a", CloudPort.Attempts.IGNORED).alreadyInProgress()).isTrue();
  }

  @Test
  void aDeclaredEipIsKeptAndNotSentAgainWhileItsTaskRuns() throws Exception {
    VipPair p = pair("edge", "havip-aaaaaaaa", "10.0.1.100", "203.0.113.10", "eni-aaaaaaaa", "eni-bbbbbbbb");
    assertThat(observe(p).problem()).isNull();
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP)).isEqualTo(1);
    observe(p);
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP)).as("not re-sent while its task runs").isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      observe(p);
      assertThat(emu.haVipEip("havip-aaaaaaaa")).hasValue("203.0.113.10");
    });
    observe(p);
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP)).as("a kept EIP costs no call").isEqualTo(1);
  }

  @Test
  void anEipNoLongerDeclaredIsTakenOffAndAChangedOneReplacedWithoutAConflict() {
    VipPair x = pair("edge", "havip-aaaaaaaa", "10.0.1.100", "203.0.113.10", "eni-aaaaaaaa", "eni-bbbbbbbb");
    observe(x);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      observe(x);
      assertThat(emu.haVipEip("havip-aaaaaaaa")).hasValue("203.0.113.10");
    });

    // changed: vippair's own EIP comes off, then the new one goes on; no conflict meanwhile
    VipPair y = pair("edge", "havip-aaaaaaaa", "10.0.1.100", "203.0.113.11", "eni-aaaaaaaa", "eni-bbbbbbbb");
    assertThat(observe(y).problem()).as("vippair replaces the EIP it kept itself").isNull();
    assertThat(emu.requests(Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      assertThat(observe(y).problem()).isNull();
      assertThat(emu.haVipEip("havip-aaaaaaaa")).hasValue("203.0.113.11");
    });
    assertThat(emu.requests(Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP)).as("one disassociation").isEqualTo(1);
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP)).as("the first EIP, then the new one").isEqualTo(2);

    // removed from the spec: taken off, and nothing goes on
    VipPair none = pair("edge", "havip-aaaaaaaa", "10.0.1.100", null, "eni-aaaaaaaa", "eni-bbbbbbbb");
    observe(none);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      observe(none);
      assertThat(emu.haVipEip("havip-aaaaaaaa")).isEmpty();
    });
    observe(none);
    assertThat(emu.requests(Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP)).isEqualTo(2);
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP)).isEqualTo(2);
  }

  @Test
  void anEipTheSpecNeverDeclaredStaysWhereItIs() {
    VipPair someoneElses = pair("edge", "havip-aaaaaaaa", "10.0.1.100", "203.0.113.10", "eni-aaaaaaaa", "eni-bbbbbbbb");
    // another operator process put the EIP there: this one never saw it declared and kept
    CloudModes other = CloudModes.create(CloudPortSettings.defaults().withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint()))
        .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)), new SimpleMeterRegistry());
    other.observe(account, List.of(someoneElses), CallPriority.ROUTINE);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(emu.haVipEip("havip-aaaaaaaa")).hasValue("203.0.113.10"));

    VipPair changed = pair("edge", "havip-aaaaaaaa", "10.0.1.100", "203.0.113.11", "eni-aaaaaaaa", "eni-bbbbbbbb");
    Placement conflict = observe(changed);
    assertThat(conflict.problem().reason()).isEqualTo("HaVipEipConflict");
    assertThat(conflict.problem().message()).contains("203.0.113.10").contains("spec.cloud.haVip.eip says 203.0.113.11");
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP)).as("only the other process's").isEqualTo(1);
    observe(pair("edge", "havip-aaaaaaaa", "10.0.1.100", null, "eni-aaaaaaaa", "eni-bbbbbbbb"));
    assertThat(emu.requests(Actions.HA_VIP_DISASSOCIATE_ADDRESS_IP)).as("not this process's EIP to take off").isZero();
    assertThat(emu.haVipEip("havip-aaaaaaaa")).hasValue("203.0.113.10");
  }

  @Test
  void whatOnlyTheCloudRevealsIsASpecProblem() {
    Placement missing = observe(pair("gone", "havip-zzzzzzzz", "10.0.1.100", null, "eni-aaaaaaaa", "eni-bbbbbbbb"));
    assertThat(missing.problem().reason()).isEqualTo("HaVipNotFound");
    assertThat(missing.problem().message()).contains("havip-zzzzzzzz");
    Placement byAddress = observe(pair("gone", null, "10.0.1.101", null, "eni-aaaaaaaa", "eni-bbbbbbbb"));
    assertThat(byAddress.problem().reason()).isEqualTo("HaVipNotFound");
    Placement wrongAddress = observe(pair("typo", "havip-aaaaaaaa", "10.0.1.102", null, "eni-aaaaaaaa", "eni-bbbbbbbb"));
    assertThat(wrongAddress.problem().reason()).isEqualTo("HaVipAddressMismatch");
    assertThat(emu.requests(Actions.ASSOCIATE_HA_VIP_INSTANCE)).as("no change for a pair with a problem").isZero();
  }

  @Test
  void manyPairsAreObservedInBatchesOfOneHundred() {
    List<VipPair> pairs = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      pairs.add(pair("p" + i, String.format("havip-x%07d", i), "10.0.2." + (i + 1), null, "eni-aaaaaaaa", "eni-bbbbbbbb"));
    }
    Map<String, Placement> seen = modes.observe(account, pairs, CallPriority.ROUTINE);
    assertThat(seen).hasSize(150).allSatisfy((k, v) -> assertThat(v.problem().reason()).isEqualTo("HaVipNotFound"));
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS)).isEqualTo(2);
  }
}
