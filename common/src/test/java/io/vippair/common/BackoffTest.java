package io.vippair.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void withoutJitterItDoublesUpToTheCap() {
    var b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(b.delay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delay(10_000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fullJitterScalesTheCeilingByTheRandomFactor() {
    Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.999999);
    assertThat(top.delay(0).toNanos()).isBetween(99_000_000L, 100_000_000L);
    assertThat(top.delay(2).toNanos()).isBetween(399_000_000L, 400_000_000L);
    assertThat(top.delay(9).toNanos()).isBetween(999_000_000L, 1_000_000_000L);
    assertThat(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0).delay(4)).isZero();
  }

  @Test
  void theSystemJitterStaysWithinTheCeiling() {
    Backoff b = Backoff.withFullJitter(Duration.ofMillis(100), Duration.ofSeconds(1));
    for (int i = 0; i < 1000; i++) {
      assertThat(b.delay(3)).isBetween(Duration.ZERO, Duration.ofMillis(800));
    }
  }

  @Test
  void aNegativeFailureCountIsABug() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ZERO).delay(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
