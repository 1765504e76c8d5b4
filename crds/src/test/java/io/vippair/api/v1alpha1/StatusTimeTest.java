package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusTimeTest {
  @Test
  void writesUtcMillisAndReadsItBack() {
    Instant t = Instant.parse("2026-05-04T10:15:30.123456789Z");
    assertThat(StatusTime.format(t)).isEqualTo("2026-05-04T10:15:30.123Z");
    assertThat(StatusTime.parse(StatusTime.format(t))).isEqualTo(Instant.parse("2026-05-04T10:15:30.123Z"));
    assertThat(StatusTime.format(Instant.parse("2026-05-04T10:15:30Z"))).isEqualTo("2026-05-04T10:15:30Z");
  }

  @Test
  void anythingElseIsNoTime() {
    assertThat(StatusTime.parse(null)).isNull();
    assertThat(StatusTime.parse(" ")).isNull();
    assertThat(StatusTime.parse("yesterday")).isNull();
    assertThat(StatusTime.parse("2026-05-04 10:15:30")).isNull();
  }
}
