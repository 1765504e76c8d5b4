package io.vippair.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the benchmark small (50 pairs) so CI knows it works; the targets are checked by people, not here. */
class OperatorBenchmarkSmokeTest {

  @Test
  void theBenchmarkRunsAndPrintsItsNumbers() throws Exception {
    OperatorBenchmark.Result r = OperatorBenchmark.run(OperatorBenchmark.Options.smoke());
    assertThat(r.pairs()).isEqualTo(50);
    assertThat(r.samples()).isEqualTo(20);
    assertThat(r.reportToRequestP99Ms()).isPositive();
    assertThat(r.fleetMoves()).as("each VIP of the fleet failover moved exactly once").isEqualTo(r.fleetPairs());
    assertThat(r.callsPerPairPerHour()).isPositive();
  }
}
