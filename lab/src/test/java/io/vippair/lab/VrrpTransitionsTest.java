package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.lab.VrrpTransitions.RoleSeen;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpTransitionsTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static RoleSeen seen(long ms, String member, VrrpRole role) {
    return new RoleSeen(T.plusMillis(ms), "web", member, role);
  }

  @Test
  void countsChangesBetweenKeepalivedStatesInTheWindowOnly() {
    var seen = List.of(seen(0, "a", VrrpRole.MASTER), seen(0, "b", VrrpRole.BACKUP),
        seen(2000, "a", VrrpRole.FAULT), seen(2100, "b", VrrpRole.MASTER), seen(3000, "a", VrrpRole.BACKUP),
        seen(9000, "a", VrrpRole.MASTER));
    assertThat(VrrpTransitions.count(seen, "web", T.plusMillis(1000), T.plusMillis(5000))).isEqualTo(3);
    assertThat(VrrpTransitions.count(seen, "other", T, T.plusMillis(5000))).isZero();
  }

  @Test
  void unknownIsTheAgentNotKnowingNotAState() {
    var same = List.of(seen(0, "a", VrrpRole.MASTER), seen(1000, "a", VrrpRole.UNKNOWN), seen(2000, "a", VrrpRole.MASTER));
    assertThat(VrrpTransitions.count(same, "web", T.plusMillis(500), T.plusMillis(3000))).isZero();
    var changed = List.of(seen(0, "a", VrrpRole.MASTER), seen(1000, "a", VrrpRole.UNKNOWN), seen(2000, "a", VrrpRole.BACKUP));
    assertThat(VrrpTransitions.count(changed, "web", T.plusMillis(500), T.plusMillis(3000))).isEqualTo(1);
  }

  @Test
  void aMasterThatDidNotLastIsNotASettledChange() {
    var seen = List.of(seen(0, "a", VrrpRole.MASTER), seen(0, "b", VrrpRole.BACKUP),
        seen(1000, "a", VrrpRole.FAULT), seen(1500, "b", VrrpRole.MASTER),   // b master for 0.5 s
        seen(2000, "b", VrrpRole.FAULT), seen(2100, "a", VrrpRole.MASTER),   // back to a, which stays
        seen(8000, "b", VrrpRole.BACKUP));
    var masters = VrrpTransitions.masters(seen, "web", T.plusMillis(500), T.plusMillis(10_000));
    assertThat(masters).extracting(VrrpTransitions.Mastership::master).containsExactly("a", null, "b", null, "a");
    assertThat(VrrpTransitions.settledChanges(masters, T.plusMillis(10_000), Duration.ofSeconds(2))).isZero();
  }

  @Test
  void aMasterThatLastedIsOneChangeEvenAcrossAShortGap() {
    var seen = List.of(seen(0, "a", VrrpRole.MASTER), seen(0, "b", VrrpRole.BACKUP),
        seen(1000, "a", VrrpRole.FAULT), seen(1500, "b", VrrpRole.MASTER),
        seen(1600, "b", VrrpRole.UNKNOWN), seen(1700, "b", VrrpRole.MASTER),
        seen(9000, "a", VrrpRole.BACKUP));
    var masters = VrrpTransitions.masters(seen, "web", T.plusMillis(500), T.plusMillis(10_000));
    assertThat(VrrpTransitions.settledChanges(masters, T.plusMillis(10_000), Duration.ofSeconds(2))).isEqualTo(1);
  }
}
