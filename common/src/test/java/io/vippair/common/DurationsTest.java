package io.vippair.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "10s, PT10S", "10, PT10S", "2m, PT2M", "1h, PT1H", "' 3s ', PT3S", "0s, PT0S"})
  void readsEveryUnit(String text, Duration expected) {
    assertThat(Durations.parse(text)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "1.5s", "-1s", "10 s", "1d", "s", "9999999999s"})
  void refusesAnythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"PT0.1S, 100ms", "PT1S, 1s", "PT90S, 90s", "PT2M, 2m", "PT24H, 24h", "PT0S, 0s"})
  void formatsWhatItReadsBack(Duration d, String text) {
    assertThat(Durations.format(d)).isEqualTo(text);
    assertThat(Durations.parse(text)).contains(d);
  }
}
