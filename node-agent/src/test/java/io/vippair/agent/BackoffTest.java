package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesUpToTheCap() {
    var b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(b.delay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delay(10_000)).isEqualTo(Duration.ofSeconds(30));
  }
}
