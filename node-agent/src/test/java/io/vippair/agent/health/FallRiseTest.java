package io.vippair.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FallRiseTest {
  @Test
  void firstResultDecidesAtOnce() {
    assertThat(FallRise.initial(3, 2).next(false).healthy()).isFalse();
    assertThat(FallRise.initial(3, 2).next(true).healthy()).isTrue();
    assertThat(FallRise.initial(3, 2).healthy()).isNull();
  }

  @Test
  void fallsAfterFallFailuresInARow() {
    FallRise s = FallRise.initial(3, 2).next(true);
    s = s.next(false).next(false);
    assertThat(s.isHealthy()).isTrue();
    s = s.next(true); // a success resets the count
    s = s.next(false).next(false);
    assertThat(s.isHealthy()).isTrue();
    s = s.next(false);
    assertThat(s.isHealthy()).isFalse();
  }

  @Test
  void risesAfterRiseSuccessesInARow() {
    FallRise s = FallRise.initial(3, 2).next(false);
    s = s.next(true);
    assertThat(s.isHealthy()).isFalse();
    s = s.next(false).next(true);
    assertThat(s.isHealthy()).isFalse();
    s = s.next(true);
    assertThat(s.isHealthy()).isTrue();
  }

  @Test
  void fallOfOneReactsToTheFirstFailure() {
    assertThat(FallRise.initial(1, 1).next(true).next(false).isHealthy()).isFalse();
  }
}
