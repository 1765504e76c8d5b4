package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HaVipScenariosTest {
  private static final Instant T0 = Instant.parse("2026-12-05T02:00:00Z");

  @Test
  void theLongestGapIsPlacedAfterTheStart() {
    List<Instant> replies = List.of(T0.minusMillis(20), T0.plusMillis(20), T0.plusMillis(40), T0.plusMillis(3100),
        T0.plusMillis(3120), T0.plusMillis(3300));
    assertThat(HaVipScenarios.longestGap(replies, T0, T0.plusMillis(5000))).isEqualTo("+40..+3100");
  }

  @Test
  void noRepliesInTheWindowIsNoGap() {
    assertThat(HaVipScenarios.longestGap(List.of(), T0, T0.plusMillis(5000))).isEqualTo("none");
  }
}
