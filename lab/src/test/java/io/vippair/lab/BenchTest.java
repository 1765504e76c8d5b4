package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's arithmetic: the floor each scenario is held against, and its line in lab-bench.tsv. */
class BenchTest {

  @Test
  void theHeaderIsTheIssuesExactly() {
    assertThat(Bench.HEADER).isEqualTo("scenario\tadvert_ms\tmigration_delay_ms\truns\tfloor_ms\toutage_p50_ms"
        + "\toutage_max_ms\tvippair_p50_ms\tvip_moves\tmigrate_requests");
  }

  @Test
  void aSilentMasterCostsTheMasterDownIntervalAGoodbyeOnlyTheSkew() {
    // priority 100: skew = 156/256 adverts; master-down = 3 adverts + skew
    assertThat(Bench.floorMillis("poweroff", 1000, 1000)).isEqualTo(3000 + 609 + 1000);
    assertThat(Bench.floorMillis("keepalived-kill", 100, 1000)).isEqualTo(300 + 61 + 1000);
    assertThat(Bench.floorMillis("leader-dies-then-poweroff", 200, 1000)).isEqualTo(600 + 122 + 1000);
    assertThat(Bench.floorMillis("graceful-stop", 1000, 1000)).isEqualTo(609 + 1000);
    assertThat(Bench.floorMillis("shared-enis", 200, 0)).isEqualTo(122);
  }

  @Test
  void aLineSummarisesTheRuns() {
    var runs = List.of(run(900, 40, 1, 1), run(700, -1, 1, 2), run(800, 20, 1, 1));
    String row = new Bench.Summary("poweroff", 1000, 1000, runs).row();
    assertThat(row).isEqualTo("poweroff\t1000\t1000\t3\t4609\t800\t900\t20\t1\t2");
    assertThat(new Bench.Summary("poweroff", 1000, 1000, List.of()).row()).isEqualTo("poweroff\t1000\t1000\t0\t4609\t-1\t-1\t-1\t-1\t-1");
  }

  private static ScenarioResult run(long outageMs, long vippairMs, long moves, long migrates) {
    return new ScenarioResult("power-off", "web", Duration.ofMillis(outageMs), moves, migrates, vippairMs, 1, 100, Map.of(), "");
  }
}
