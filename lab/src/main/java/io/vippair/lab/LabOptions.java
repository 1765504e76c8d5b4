package io.vippair.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a lab runs. Defaults fit the demo and the tests: VRRP adverts every second (the product's
 * default), a 1 s cloud migration, two operator replicas with leader election.
 *
 * @param workDir where kubeconfig, run dirs and logs go (removed on close unless keepFiles)
 * @param agentJar the node agent's shaded jar
 * @param operatorJar the operator's shaded jar
 * @param operators how many operator replicas (leader election among them)
 * @param advertIntervalMillis VRRP advert interval of every pair
 * @param migrationDelay how long the emulated cloud takes to move an IP
 */
public record LabOptions(Path workDir, Path agentJar, Path operatorJar, int operators, int advertIntervalMillis,
    Duration migrationDelay, boolean keepFiles) {

  public static final String AGENT_JAR = "node-agent/target/vippair-node-agent.jar";
  public static final String OPERATOR_JAR = "operator/target/vippair-operator.jar";

  public static LabOptions defaults() {
    return new LabOptions(Path.of("/tmp/vippair-lab"), findUpwards(AGENT_JAR), findUpwards(OPERATOR_JAR), 2, 1000,
        Duration.ofSeconds(1), false);
  }

  public LabOptions withWorkDir(Path dir) {
    return new LabOptions(dir, agentJar, operatorJar, operators, advertIntervalMillis, migrationDelay, keepFiles);
  }

  public LabOptions withMigrationDelay(Duration d) {
    return new LabOptions(workDir, agentJar, operatorJar, operators, advertIntervalMillis, d, keepFiles);
  }

  /** VRRP advert interval of every pair (the schema allows 100 ms to 255 s). */
  public LabOptions withAdvertInterval(int millis) {
    return new LabOptions(workDir, agentJar, operatorJar, operators, millis, migrationDelay, keepFiles);
  }

  public LabOptions withKeepFiles(boolean keep) {
    return new LabOptions(workDir, agentJar, operatorJar, operators, advertIntervalMillis, migrationDelay, keep);
  }

  /** Fails with the build command when a jar the lab starts is missing. */
  void requireJars() {
    for (Path jar : new Path[] {agentJar, operatorJar}) {
      if (!Files.isRegularFile(jar)) {
        throw new LabSetupException(jar + " is missing: build it first with "
            + "`./mvnw -B -q -DskipTests -pl operator,node-agent -am package` from the repository root");
      }
    }
    if (!Files.isRegularFile(AgentInstall.launcher())) {
      throw new LabSetupException(AgentInstall.launcher() + " (the agent's launcher) is missing: run the lab from the repository"
          + " (or a directory under it), which has " + AgentInstall.LAUNCHER);
    }
  }

  /** The relative path resolved against the working directory or the nearest parent that has it. */
  static Path findUpwards(String relative) {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(relative))) {
        return d.resolve(relative);
      }
    }
    return dir.resolve(relative);
  }
}
