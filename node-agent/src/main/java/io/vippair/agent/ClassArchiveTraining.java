package io.vippair.agent;

import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.config.AgentSettings;
import io.vippair.agent.heartbeat.HeartbeatConfig;
import io.vippair.agent.heartbeat.HeartbeatSender;
import io.vippair.agent.training.TrainingApiServer;
import io.vippair.common.heartbeat.HeartbeatKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code record-class-archive}: the agent's real start path, run once against a throwaway API
 * server ({@link TrainingApiServer}) so that the JVM records the classes a start loads (the
 * launcher adds {@code -XX:ArchiveClassesAtExit}); the packages and install.sh run it after an
 * install or upgrade, so even the first start of a new version maps a class archive
 * (docs/agent.md, "Start-up").
 *
 * <p>It touches nothing of the VM: keepalived mode external with a run directory in a temporary
 * directory (so no keepalived is started, adopted, signalled or reloaded: none has its pid files
 * there), the metrics endpoint, the API and a socket for the heartbeats on 127.0.0.1, no settings from the environment or
 * agent.yaml. keepalived's own binary only checks the example pair's configuration ({@code -t}),
 * as on every start. Exit code 0 once the example pair was reported with the role keepalived's
 * notify FIFO gave and the Lease was renewed; 1, naming what did not happen, otherwise.
 */
final class ClassArchiveTraining {
  static final String COMMAND = "record-class-archive";
  private static final String MEMBER = "training-a";
  private static final String LEASE_NAMESPACE = "vippair-system";
  private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);

  private ClassArchiveTraining() {}

  static int run(PrintStream out) {
    long start = System.nanoTime();
    Path tmp = null;
    var main = new Main();
    DatagramSocket beats = null;
    AutoCloseable sender = null;
    try (var api = TrainingApiServer.start(MEMBER, LEASE_NAMESPACE)) {
      tmp = Files.createTempDirectory("vippair-class-training-");
      Path kubeconfig = tmp.resolve("kubeconfig");
      api.writeKubeconfig(kubeconfig);
      AgentConfig config = AgentSettings.load(new String[] {"--member", MEMBER, "--kubeconfig", kubeconfig.toString(),
          "--run-dir", tmp.resolve("run").toString(), "--keepalived-mode", "external",
          "--keepalived-binary", keepalivedBinary().toString(), "--namespaces", TrainingApiServer.NAMESPACE,
          "--lease-namespace", LEASE_NAMESPACE, "--metrics-address", "127.0.0.1", "--metrics-port", Integer.toString(freePort())},
          Map.of());
      main.run(config);
      // the heartbeat's classes too (HMAC, datagram channel): a start with agent.yaml's heartbeat loads them
      Path key = tmp.resolve("heartbeat.key");
      Files.writeString(key, HeartbeatKeys.toText(new byte[32]));
      beats = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      beats.setSoTimeout((int) STEP_TIMEOUT.toMillis());
      sender = HeartbeatSender.start(new HeartbeatConfig(List.of(new HeartbeatConfig.Target("127.0.0.1", beats.getLocalPort())), key,
          HeartbeatConfig.DEFAULT_INTERVAL), MEMBER);
      beats.receive(new DatagramPacket(new byte[512], 512));
      await("the example pair's first report", () -> !api.statusPatches().isEmpty(), api);
      // what keepalived writes when an instance becomes MASTER: the path a role change takes to the API server
      Files.writeString(config.notifyFifo(), "INSTANCE \"" + TrainingApiServer.instanceName() + "\" MASTER 100\n",
          StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      await("a report of the role MASTER", () -> api.statusPatches().stream().anyMatch(p -> p.contains("\"MASTER\"")), api);
      await("the Lease renewed", () -> api.leaseUpdates() > 0, api);
      await("the watch open", () -> api.watches() > 0, api);
      closeQuietly(sender);
      main.close();
      out.printf("vippair-node-agent %s: class-archive training done in %d ms (%d reports, %d requests it did not expect)%n",
          Main.version(), (System.nanoTime() - start) / 1_000_000, api.statusPatches().size(), api.unexpected().size());
      return 0;
    } catch (IOException | RuntimeException | InterruptedException e) {
      closeQuietly(sender);
      main.close();
      System.err.println("vippair-node-agent: class-archive training failed: " + e.getMessage()
          + "; the service's first start records the archive instead");
      return 1;
    } finally {
      if (beats != null) {
        beats.close();
      }
      deleteQuietly(tmp);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // training only: the JVM exits next
    }
  }

  /** keepalived only checks a configuration here; without it (a build machine) true(1) stands in. */
  private static Path keepalivedBinary() {
    if (Files.isExecutable(KEEPALIVED)) {
      return KEEPALIVED;
    }
    return Stream.of("/usr/bin/true", "/bin/true").map(Path::of).filter(Files::isExecutable).findFirst().orElse(KEEPALIVED);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void await(String what, BooleanSupplier done, TrainingApiServer api) throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + what + " within " + STEP_TIMEOUT.toSeconds() + " s (requests it did not expect: "
            + api.unexpected() + ")");
      }
      Thread.sleep(20);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("vippair-node-agent: cannot remove the training's temporary files " + dir + ": " + e.getMessage());
    }
  }
}
