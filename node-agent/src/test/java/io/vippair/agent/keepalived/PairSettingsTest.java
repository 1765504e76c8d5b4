package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vippair.agent.TestPairs;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent re-validates every value that reaches keepalived.conf: hostile specs that bypassed the schema. */
class PairSettingsTest {

  @Test
  void equalPolicyIsNopreemptWithBasePriority() throws Exception {
    var s = PairSettings.of(TestPairs.equalPair("db", "mysql", 51), "cvm-a");
    assertThat(s.priority()).isEqualTo(PairSettings.BASE_PRIORITY);
    assertThat(s.preemptDelaySeconds()).isNull();
    assertThat(s.sourceIp()).isEqualTo("10.0.1.17");
    assertThat(s.peerIp()).isEqualTo("10.0.1.16");
  }

  @Test
  void preferredMemberGetsTheHigherPriority() throws Exception {
    VipPair pair = TestPairs.preferred(TestPairs.equalPair("db", "mysql", 51), "cvm-b", 12);
    assertThat(PairSettings.of(pair, "cvm-b").priority()).isEqualTo(PairSettings.PREFERRED_PRIORITY);
    assertThat(PairSettings.of(pair, "cvm-a").priority()).isEqualTo(PairSettings.BASE_PRIORITY);
    assertThat(PairSettings.of(pair, "cvm-a").preemptDelaySeconds()).isEqualTo(12);
  }

  @Test
  void anAcceptedSwitchoverTargetStandsInForThePreferredMemberUntilTheRequestIsRemoved() throws Exception {
    VipPair pair = TestPairs.preferred(TestPairs.equalPair("db", "mysql", 51), "cvm-b", 12);
    pair.getSpec().setSwitchover(new SwitchoverRequest("cvm-a", "n-1"));
    assertThat(PairSettings.of(pair, "cvm-a").priority()).as("not accepted yet").isEqualTo(PairSettings.BASE_PRIORITY);

    SwitchoverStatus done = new SwitchoverStatus();
    done.setNonce("n-1");
    done.setPhase(SwitchoverPhase.Succeeded);
    pair.setStatus(new VipPairStatus());
    pair.getStatus().setSwitchover(done);
    assertThat(PairSettings.of(pair, "cvm-a").priority()).isEqualTo(PairSettings.PREFERRED_PRIORITY);
    assertThat(PairSettings.of(pair, "cvm-b").priority()).isEqualTo(PairSettings.BASE_PRIORITY);
    assertThat(PairSettings.of(pair, "cvm-b").preemptDelaySeconds()).isEqualTo(12);

    done.setPhase(SwitchoverPhase.Refused);
    assertThat(PairSettings.of(pair, "cvm-b").priority()).as("a refused request changes nothing").isEqualTo(PairSettings.PREFERRED_PRIORITY);
    done.setPhase(SwitchoverPhase.Succeeded);
    pair.getSpec().setSwitchover(null);
    assertThat(PairSettings.of(pair, "cvm-b").priority()).as("removed: the preference is back").isEqualTo(PairSettings.PREFERRED_PRIORITY);
  }

  @Test
  void theTargetOfAPlannedSwitchoverInProgressRunsAtTheHighestPriority() throws Exception {
    VipPair pair = TestPairs.equalPair("db", "mysql", 51);
    pair.getSpec().setSwitchover(new SwitchoverRequest("cvm-b", "n-2"));
    SwitchoverStatus s = new SwitchoverStatus();
    s.setNonce("n-2");
    s.setTo("cvm-b");
    s.setPhase(SwitchoverPhase.InProgress);
    pair.setStatus(new VipPairStatus());
    pair.getStatus().setSwitchover(s);
    assertThat(PairSettings.of(pair, "cvm-b").priority()).isEqualTo(PairSettings.SWITCHOVER_PRIORITY);
    assertThat(PairSettings.of(pair, "cvm-b").preemptDelaySeconds()).as("still nopreempt").isNull();
    assertThat(PairSettings.of(pair, "cvm-a").priority()).isEqualTo(PairSettings.BASE_PRIORITY);
    s.setPhase(SwitchoverPhase.Succeeded);
    assertThat(PairSettings.of(pair, "cvm-b").priority()).as("back once it is over").isEqualTo(PairSettings.BASE_PRIORITY);
    s.setPhase(SwitchoverPhase.InProgress);
    s.setNonce("n-1");
    assertThat(PairSettings.of(pair, "cvm-b").priority()).as("an older request's record").isEqualTo(PairSettings.BASE_PRIORITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"eth0\n}\nvrrp_script x { script \"/bin/sh -c id\" }", "eth0 {", "eth\"0", "eth0#", "", "a-very-long-interface-name"})
  void hostileInterfaceNamesAreRejected(String hostile) {
    assertRejected(p -> p.getSpec().getMembers().get(0).setInterfaceName(hostile), "spec.members[0].interface");
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.1.100\n}\nglobal_defs {", "10.0.1.100/0", "10.0.1.300", "10.0.1.100 dev lo", "\"10.0.1.100\""})
  void hostileVipsAreRejected(String hostile) {
    assertRejected(p -> p.getSpec().getVip().setAddress(hostile), "spec.vip.address");
  }

  @Test
  void hostilePeerAddressIsRejected() {
    assertRejected(p -> p.getSpec().getMembers().get(1).setPrivateIp("10.0.1.16\n}\n"), "spec.members[1].privateIp");
  }

  @Test
  void hostileNameIsRejected() {
    assertRejected(p -> p.getMetadata().setName("x}\nvrrp_script"), "metadata.name");
  }

  @Test
  void outOfRangeNumbersAreRejected() {
    assertRejected(p -> p.getSpec().getVrrp().setVirtualRouterId(256), "spec.vrrp.virtualRouterId");
    assertRejected(p -> p.getSpec().getVrrp().setAdvertIntervalMillis(55), "spec.vrrp.advertIntervalMillis");
    assertRejected(p -> p.getSpec().getVrrp().setAdvertIntervalMillis(105), "multiple of 10");
  }

  @Test
  void aPairThatDoesNotNameThisMemberIsRejected() {
    assertThatThrownBy(() -> PairSettings.of(TestPairs.equalPair("db", "x", 1), "cvm-z"))
        .isInstanceOf(InvalidPairException.class).hasMessageContaining("cvm-z");
  }

  @Test
  void theVipMustDifferFromTheMembers() {
    assertRejected(p -> p.getSpec().getVip().setAddress("10.0.1.16"), "three different addresses");
  }

  @Test
  void messagesDoNotCarryRawControlCharacters() {
    assertThatThrownBy(() -> {
      VipPair p = TestPairs.equalPair("db", "x", 1);
      p.getSpec().getMembers().get(0).setInterfaceName("eth0\n}");
      PairSettings.of(p, "cvm-a");
    }).isInstanceOf(InvalidPairException.class).message().doesNotContain("\n");
  }

  private static void assertRejected(Consumer<VipPair> damage, String field) {
    VipPair pair = TestPairs.equalPair("db", "x", 1);
    damage.accept(pair);
    assertThatThrownBy(() -> PairSettings.of(pair, "cvm-a")).isInstanceOf(InvalidPairException.class).hasMessageContaining(field);
  }
}
