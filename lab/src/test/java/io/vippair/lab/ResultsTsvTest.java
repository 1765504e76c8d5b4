package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTsvTest {
  @Test
  void writesTheHeaderOnceAndOneTabSeparatedLinePerScenario(@TempDir Path dir) throws Exception {
    var tsv = new ResultsTsv(dir.resolve("sub").resolve("lab-results.tsv"));
    var r = new ScenarioResult("agent-restart", "web", Duration.ofMillis(40), 0, 0, -1, 0, 0, Map.of(), "");
    var failed = new ScenarioResult("cloud-hang", "web", Duration.ofMillis(2500), 1, 3, 120, 2, -1, Map.of(), "");
    tsv.append(ResultsTsv.row(r, 1000, 1000));
    tsv.append(ResultsTsv.row(failed, 1000, 1000));
    assertThat(Files.readAllLines(tsv.file())).containsExactly(
        "scenario\tadvert_ms\tmigration_delay_ms\toutage_ms\tvip_moves\tmigrate_requests\tvrrp_transitions\tconverged_ms",
        "agent-restart\t1000\t1000\t40\t0\t0\t0\t0",
        "cloud-hang\t1000\t1000\t2500\t1\t3\t2\t-1");
  }
}
