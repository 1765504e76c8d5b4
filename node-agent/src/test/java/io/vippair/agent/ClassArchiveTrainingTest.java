package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record-class-archive} in its own JVM, as the launcher runs it: the agent's start path
 * reaches its own API server (report, role change, Lease, watch), then it exits 0 and leaves
 * nothing behind. The archive itself needs the shaded jar (the JVM archives classes from jars
 * only): packaging/check-packages.sh and the lab record and map it.
 */
class ClassArchiveTrainingTest {
  @Test
  void runsTheStartPathAgainstItsOwnApiServerThenExitsCleanly(@TempDir Path tmp) throws Exception {
    Path notHere = tmp.resolve("from-the-environment");
    ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        "io.vippair.agent.Main", ClassArchiveTraining.COMMAND)).redirectErrorStream(true);
    // the service's settings in the environment must not reach the training
    pb.environment().put("VIPPAIR_RUN_DIR", notHere.resolve("run").toString());
    pb.environment().put("VIPPAIR_KEEPALIVED_MODE", "child");
    pb.environment().put("VIPPAIR_METRICS_PORT", "9190");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("keepalived external mode", "vippair-training/training: MASTER (priority 100)",
        "class-archive training done", "0 requests it did not expect");
    assertThat(out).doesNotContain("adopting keepalived", "started keepalived", "Exception");
    try (var left = Files.list(tmp)) {
      assertThat(left).as("the training's temporary files are removed").isEmpty();
    }
  }
}
