package io.vippair.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.heartbeat.HeartbeatConfig;
import io.vippair.agent.heartbeat.HeartbeatSender;
import io.vippair.agent.config.AgentSettings;
import io.vippair.agent.config.KeepalivedMode;
import io.vippair.agent.config.NodeMember;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.health.HealthMonitor;
import io.vippair.agent.keepalived.ChildKeepalived;
import io.vippair.agent.keepalived.ConfigApplier;
import io.vippair.agent.keepalived.Keepalived;
import io.vippair.agent.keepalived.KeepalivedControl;
import io.vippair.agent.keepalived.KeepalivedHold;
import io.vippair.agent.keepalived.KeepalivedStates;
import io.vippair.agent.keepalived.NotifyFifo;
import io.vippair.agent.keepalived.SystemdKeepalived;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.KubernetesStatusPatcher;
import io.vippair.agent.report.LeaseKeeper;
import io.vippair.agent.report.PairWatcher;
import io.vippair.agent.report.ReportBook;
import io.vippair.agent.report.StatusReporter;
import io.vippair.common.Backoff;
import io.vippair.common.BuildInfo;
import io.vippair.common.config.BadSetting;
import io.vippair.common.config.LogFormat;
import io.vippair.common.config.LogLevel;
import io.vippair.common.config.Settings;
import io.vippair.common.metrics.MetricsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar vippair-node-agent.jar [stop-keepalived|start-keepalived] --member cvm-a [--kubeconfig K] [--run-dir D] ...},
 * or {@code java -jar vippair-node-agent.jar record-class-archive} ({@link ClassArchiveTraining}).
 * Exit code 2 for a configuration error, 1 for a failure to start.
 */
public final class Main {
  /** Made on first use: the log level must be set before the first logger exists. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  private final List<AutoCloseable> closeables = new ArrayList<>();
  /** agent.yaml's heartbeat section, or null (no heartbeats). */
  private HeartbeatConfig heartbeat;

  public static void main(String[] args) {
    if (Settings.wantsHelp(Arrays.asList(args))) {
      System.out.print(AgentSettings.usage());
      return;
    }
    if (Arrays.asList(args).contains("--version")) {
      System.out.println("vippair-node-agent " + version());
      return;
    }
    if (args.length > 0 && args[0].equals(ClassArchiveTraining.COMMAND)) {
      System.exit(ClassArchiveTraining.run(System.out)); // the JVM writes the class archive as it exits
    }
    String command = args.length > 0 && KeepalivedControl.COMMANDS.contains(args[0]) ? args[0] : null;
    if (command != null) {
      try {
        AgentConfig config = AgentSettings.load(Arrays.copyOfRange(args, 1, args.length), System.getenv());
        System.exit(KeepalivedControl.run(command, config, CommandRunner.system(), System.out));
      } catch (BadSetting e) {
        System.err.println("vippair-node-agent: configuration error: " + e.getMessage());
        System.exit(2);
      }
      return;
    }
    var main = new Main();
    try {
      var logging = AgentSettings.SETTINGS.read(Arrays.asList(args), System.getenv());
      logging.get(LogFormat.SETTING).apply();
      logging.get(LogLevel.SETTING).apply();
      AgentConfig config = AgentSettings.load(args, System.getenv());
      main.heartbeat = HeartbeatConfig.load(args, System.getenv());
      // read again only without --member (the DaemonSet): the start of a VM's agent stays as fast as it was
      main.run(config, config.member() == null ? AgentSettings.memberFromNode(args, System.getenv()) : null);
    } catch (BadSetting e) {
      System.err.println("vippair-node-agent: configuration error: " + e.getMessage());
      main.close();
      System.exit(2);
      return;
    } catch (Exception e) {
      log().error("the agent could not start: {}", e.toString(), e);
      main.close();
      System.exit(1);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(main::close, "shutdown"));
    main.awaitForever();
  }

  /** Starts everything; returns once the agent runs. */
  void run(AgentConfig config) throws IOException {
    run(config, null);
  }

  /** @param memberFromNode the node that names the member when config has none (--member-from-node) */
  void run(AgentConfig given, String memberFromNode) throws IOException {
    long startNanos = System.nanoTime();
    // a broken kubeconfig stops the agent before it changes anything; parsing it takes a while, so
    // it runs while the rest is set up, and the client is built while keepalived is adopted
    log(); // logging is set up before a second thread logs (SLF4J replays calls made during its initialization)
    CompletableFuture<Config> kubernetesParsed = CompletableFuture.supplyAsync(() -> clientConfig(given));
    // building the client is the slowest part of the start (class loading): it runs beside the
    // metrics set-up and the adoption, so a restarted agent's first report need not wait for it
    CompletableFuture<KubernetesClient> clientReady = kubernetesParsed.thenApplyAsync(Main::readyClient);
    try {
      Files.createDirectories(given.runDir());
      Files.createDirectories(given.trackDir());
    } catch (IOException e) {
      throw new BadSetting("--run-dir " + given.runDir() + ": cannot create it (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); give a directory the agent may write, e.g. /run/vippair");
    }

    // the DaemonSet on nodes named by IP: the node's label says who this agent is. keepalived runs
    // in a pod of its own meanwhile; a restart without the API server uses the name found before
    AgentConfig config = given.member() != null ? given
        : given.withMember(NodeMember.resolve(clientOf(kubernetesParsed, clientReady), memberFromNode, given.runDir()));
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new AgentMetrics(registry);
    // bound before keepalived starts: a port in use must stop the agent before it changes anything
    AtomicReference<Supplier<MetricsServer.Health>> healthz =
        new AtomicReference<>(() -> new MetricsServer.Health(false, "starting"));
    if (config.metricsPort() > 0) {
      try {
        closeables.add(MetricsServer.start(config.metricsAddress(), config.metricsPort(), registry,
            Map.of("/healthz", () -> healthz.get().get())));
      } catch (IOException e) {
        throw MetricsServer.cannotListen("--metrics-address " + config.metricsAddress() + " --metrics-port " + config.metricsPort(), e);
      }
    }
    log().info("vippair-node-agent {} starting as member {} (keepalived {} mode, run dir {})",
        version(), config.member(), config.keepalivedMode().name().toLowerCase(), config.runDir());
    if (heartbeat != null) {
      closeables.add(HeartbeatSender.start(heartbeat, config.member()));
    }
    CommandRunner commands = CommandRunner.system();
    ScheduledExecutorService loop = executor("agent-loop", 1);
    ScheduledExecutorService healthThreads = executor("health", 2);
    // keepalived's supervision, its state reader and the Lease each have their own thread: none waits for another
    ScheduledExecutorService supervisor = executor("keepalived-supervisor", 1);
    ScheduledExecutorService stateReader = executor("keepalived-state", 1);
    ScheduledExecutorService leaseThread = executor("lease", 1);
    // closed in reverse order: the executors last
    closeables.add(healthThreads::shutdownNow);
    closeables.add(supervisor::shutdownNow);
    closeables.add(stateReader::shutdownNow);
    closeables.add(leaseThread::shutdownNow);
    closeables.add(loop::shutdownNow);

    var book = new ReportBook(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)));
    var applier = new ConfigApplier(config.keepalivedBinary(), config.keepalivedConfig(), commands);
    var agent = new Agent(config, loop, book, metrics, applier, commands);
    var backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    Keepalived keepalived = config.keepalivedMode() != KeepalivedMode.SYSTEMD
        ? new ChildKeepalived(config.keepalivedBinary(), config.keepalivedConfig(), config.runDir(),
            config.keepalivedMode() == KeepalivedMode.CHILD, commands, supervisor, agent, backoff, metrics::keepalivedRestarted)
        : new SystemdKeepalived(config.keepalivedService(), config.keepalivedBinary(), KeepalivedHold.in(config.runDir()),
            commands, supervisor, agent, backoff, metrics::keepalivedRestarted);
    var health = new HealthMonitor(healthThreads, agent, metrics);
    agent.attach(keepalived, health,
        new KeepalivedStates(config.keepalivedBinary(), ChildKeepalived.tmpDir(config.runDir()), commands), stateReader);

    // the FIFO reader must exist before keepalived starts writing to it
    closeables.add(NotifyFifo.open(config.notifyFifo(), agent::vrrpEvent));
    closeables.add(keepalived);
    closeables.add(health);
    agent.startKeepalived(kubernetesParsed);
    parsed(kubernetesParsed); // a kubeconfig that cannot be used is a BadSetting (exit 2)
    // this thread would only wait for the client: it loads the report's serialization meanwhile
    StatusReporter.warmUp();
    KubernetesClient client = clientReady.join();
    closeables.add(client);
    var reporter = new StatusReporter(config.member(), version(), keepalived.version(), book,
        new KubernetesStatusPatcher(client), metrics);
    reporter.start();
    closeables.add(reporter);
    var lease = new LeaseKeeper(client, config.member(), config.leaseNamespace());
    lease.start(leaseThread);
    closeables.add(lease);
    awaitInitialRoles(agent);
    PairWatcher watcher = PairWatcher.start(client, config.member(), config.namespaces(), agent);
    closeables.add(watcher);
    reporter.onReturn(watcher::restart);
    lease.onReturn(watcher::restart);

    healthz.set(() -> {
      boolean ok = agent.loopResponsive();
      String detail = (ok ? "ok" : "agent loop not responding")
          + "\nkeepalived: " + (keepalived.isRunning() ? "running pid " + keepalived.pid().orElse(-1) : "not running")
          + "\npairs: " + agent.pairCount() + " (" + book.pending() + " reports pending)"
          + "\napi: watch " + (watcher.synced() ? "synced" : "not synced")
          + ", reports " + (reporter.failing() ? "failing" : "ok")
          + ", lease " + (lease.failing() ? "failing" : "ok");
      return new MetricsServer.Health(ok, detail);
    });
    if (config.metricsPort() > 0) {
      log().info("metrics on http://{}:{}/metrics, health on /healthz", config.metricsAddress(), config.metricsPort());
    }
    log().info("agent running {} ms after main() (JVM up {} ms)", (System.nanoTime() - startNanos) / 1_000_000,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    // On SIGTERM keepalived stays as it is (the next agent adopts it); reports still pending get a moment to go out.
    closeables.add(() -> awaitReportsSent(book, Duration.ofSeconds(2)));
    closeables.add(keepalived);
  }

  /** A keepalived found running tells its roles first, so the watch never makes a MASTER look UNKNOWN. */
  private static void awaitInitialRoles(Agent agent) {
    try {
      agent.initialRoles().get(1500, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log().warn("keepalived's roles are not known yet; the watch goes ahead and the FIFO tells every transition");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitReportsSent(ReportBook book, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    Thread.sleep(100); // the FIFO reader is still handing over keepalived's last lines
    while (book.pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static KubernetesClient readyClient(Config kubernetes) {
    long start = System.nanoTime();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
    log().info("Kubernetes client ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    return client;
  }

  private static KubernetesClient clientOf(CompletableFuture<Config> parsed, CompletableFuture<KubernetesClient> ready) {
    parsed(parsed); // a kubeconfig that cannot be used is a BadSetting (exit 2)
    return ready.join();
  }

  private static Config parsed(CompletableFuture<Config> kubernetes) {
    try {
      return kubernetes.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // BadSetting: exit code 2 with the message
      }
      throw e;
    }
  }

  static Config clientConfig(AgentConfig config) {
    Config base;
    try {
      base = config.kubeconfig() != null
          ? Config.fromKubeconfig(null, Files.readString(config.kubeconfig()), config.kubeconfig().toString())
          : Config.autoConfigure(null);
    } catch (RuntimeException | IOException e) {
      throw new BadSetting("--kubeconfig " + config.kubeconfig() + ": not a usable kubeconfig ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); give a kubeconfig with a current context");
    }
    return new ConfigBuilder(base)
        // bounded calls, and no retry loop inside the client: our callers retry on their own cadence
        .withRequestTimeout(5_000)
        .withConnectionTimeout(2_000)
        .withRequestRetryBackoffLimit(0)
        // fabric8 doubles this per failed attempt up to 32x: 100 ms keeps the watch (probes, fences)
        // at most ~3 s behind an API server's return, however long the outage was
        .withWatchReconnectInterval(100)
        .withWatchReconnectLimit(-1)
        .build();
  }

  private static ScheduledExecutorService executor(String name, int threads) {
    return Executors.newScheduledThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The project version this agent was built from (reported in status as agentVersion). */
  static String version() {
    return BuildInfo.version();
  }

  private void awaitForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops in reverse order of registration (see the end of run()). */
  synchronized void close() {
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    Collections.reverse(reversed);
    closeables.clear();
    for (AutoCloseable c : reversed) {
      try {
        c.close();
      } catch (Exception e) {
        log().warn("while stopping: {}", e.toString());
      }
    }
  }
}
