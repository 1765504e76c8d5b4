package io.vippair.agent.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node agent as its own JVM inside a network namespace ({@code ip netns exec NS java ... Main}).
 * A JVM cannot move single threads between namespaces reliably, and the agent must see its own
 * interfaces (keepalived -t checks them), so each agent is a real process in its VM's namespace.
 */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Path runDir;

  private AgentProcess(Process process, Path log, Path runDir) {
    this.process = process;
    this.log = log;
    this.runDir = runDir;
  }

  public static AgentProcess start(String netns, String member, Path kubeconfig, Path runDir, Path log, List<String> extraArgs)
      throws IOException {
    Files.createDirectories(runDir);
    List<String> command = command(netns, null, member, kubeconfig, runDir);
    command.addAll(extraArgs);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new AgentProcess(p, log, runDir);
  }

  /** Runs {@code Main <subcommand>} (e.g. stop-keepalived) in netns to its end; returns its output. */
  public static String runCommand(String netns, String subcommand, String member, Path kubeconfig, Path runDir) {
    return Netns.sh(command(netns, subcommand, member, kubeconfig, runDir).toArray(String[]::new));
  }

  private static List<String> command(String netns, String subcommand, String member, Path kubeconfig, Path runDir) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-Xmx96m",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
        "-cp", System.getProperty("java.class.path"),
        "io.vippair.agent.Main"));
    if (subcommand != null) {
      command.add(subcommand);
    }
    command.addAll(List.of("--member", member, "--kubeconfig", kubeconfig.toString(), "--run-dir", runDir.toString(),
        "--lease-namespace", "vippair-system", "--metrics-port", "9190"));
    return command;
  }

  /** SIGKILL: the agent crashes. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM to the agent's process only, as systemd's KillMode=process and `systemctl stop` do; waits for it to end. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the agent did not stop within 15 s of SIGTERM");
    }
  }

  public Path runDir() {
    return runDir;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The agent's log so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** keepalived's main pid from the agent's pid file, or -1. */
  public long keepalivedPid() {
    return pidFrom("keepalived.pid");
  }

  public long vrrpPid() {
    return pidFrom("keepalived-vrrp.pid");
  }

  private long pidFrom(String file) {
    try {
      return Long.parseLong(Files.readString(runDir.resolve(file)).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    // SIGTERM: the agent stops; its keepalived stays (the test removes the namespace, and it with it)
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
