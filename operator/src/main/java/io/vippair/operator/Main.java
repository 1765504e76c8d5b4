package io.vippair.operator;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.common.BuildInfo;
import io.vippair.common.config.BadSetting;
import io.vippair.common.config.LogFormat;
import io.vippair.common.config.LogLevel;
import io.vippair.common.config.Settings;
import io.vippair.common.metrics.MetricsServer;
import io.vippair.operator.metrics.AgentTargets;
import io.vippair.common.metrics.MetricsServer.Health;
import io.vippair.operator.cloud.CloudModes;
import io.vippair.operator.cloud.CredentialsResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar vippair-operator.jar [flags]}: see {@link OperatorSettings} and
 * docs/operator.md. Exit status 2 means bad flags or environment (one line says which and how to
 * fix it); 1 means the operator could not start or lost its leadership.
 */
public final class Main {

  private static final ListOptions ONE = new ListOptionsBuilder().withLimit(1L).build();

  private Main() {}

  /** Made on first use: the log level must be set before the first logger exists. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  public static void main(String[] args) {
    List<String> argList = Arrays.asList(args);
    if (Settings.wantsHelp(argList)) {
      System.out.print(OperatorSettings.usage());
      return;
    }
    if (Settings.wantsVersion(argList)) {
      System.out.println("vippair-operator " + BuildInfo.version());
      return;
    }
    Started started;
    try {
      started = start(argList, System.getenv());
    } catch (BadSetting e) {
      System.err.println("vippair-operator: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException | IOException e) {
      log().error("the operator stopped: {}", e.toString());
      System.exit(1);
      return;
    }
    try {
      started.stopped().await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A started operator; {@code stopped} opens when the shutdown hook has closed everything. */
  record Started(OperatorSettings settings, int metricsPort, CountDownLatch stopped) {}

  /**
   * Reads the settings and starts the operator. Anything the user must fix (a flag, the
   * kubeconfig, the metrics address) is a {@link BadSetting}, found before the operator acts.
   */
  static Started start(List<String> args, Map<String, String> env) throws IOException {
    var logging = OperatorSettings.SETTINGS.read(args, env);
    logging.get(LogFormat.SETTING).apply();
    logging.get(LogLevel.SETTING).apply();
    LogFormat.routeJavaUtilLogging();
    OperatorSettings settings = OperatorSettings.parse(args, env);
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    Config kubernetes = clientConfig(settings);
    // bound first: a port in use must stop the process before it builds anything
    AtomicReference<VipPairOperator> started = new AtomicReference<>();
    MetricsServer http;
    try {
      http = MetricsServer.start(settings.metricsHost(), settings.metricsPort(), registry, Map.of(
          "/healthz", () -> Health.ok("ok"),
          "/readyz", () -> started.get() == null ? new Health(false, "starting") : Health.unlessReason(started.get().notReadyReason())));
    } catch (IOException e) {
      throw MetricsServer.cannotListen("--metrics-host " + settings.metricsHost() + " --metrics-port " + settings.metricsPort(), e);
    }
    requireApiServer(kubernetes, settings);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes).build();
    var cloud = CloudModes.create(settings.cloud(), registry);
    var accounts = new CredentialsResolver(client, settings.cloudCredentials());
    var operator = new VipPairOperator(client, cloud, accounts, settings, registry, Clock.systemUTC(), true);
    started.set(operator);
    int agentPort = OperatorSettings.SETTINGS.read(args, env).get(AgentTargets.AGENT_METRICS_PORT);
    http.json(AgentTargets.PATH, () -> AgentTargets.answer(operator.metrics().pairs(), operator.isLeading(), agentPort));
    log().info("vippair operator {} ({}): namespaces {}, cloud {}, leader election {}, metrics on :{}", BuildInfo.version(),
        settings.identity(), settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.cloud().endpoint(),
        settings.leaderElection() ? "on (Lease " + settings.leaderElectionNamespace() + "/" + OperatorSettings.LEASE_NAME + ")" : "off",
        http.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log().info("stopping");
      operator.close();
      http.close();
      client.close();
      stopped.countDown();
    }, "vippair-shutdown"));
    operator.start();
    return new Started(settings, http.port(), stopped);
  }

  /**
   * One list of VipPairs, without retries, before anything starts: an API server that cannot be
   * reached or refuses the operator is a one-line error naming its URL, not a stack trace from an
   * informer 20 s later. (A running operator rides out API outages; only the start is checked.)
   */
  static void requireApiServer(Config kubernetes, OperatorSettings settings) {
    Config once = new ConfigBuilder(kubernetes).withRequestRetryBackoffLimit(0).withRequestTimeout(10_000).build();
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(once).build()) {
      var pairs = probe.resources(VipPair.class);
      if (settings.namespaces().isEmpty()) {
        pairs.inAnyNamespace().list(ONE);
      } else {
        pairs.inNamespace(settings.namespaces().iterator().next()).list(ONE);
      }
    } catch (KubernetesClientException e) {
      String why = e.getCode() > 0 ? "HTTP " + e.getCode() + " " + String.valueOf(e.getStatus() == null ? "" : e.getStatus().getReason())
          : rootCause(e);
      throw new BadSetting("cannot list VipPairs at the API server " + kubernetes.getMasterUrl() + " (" + why.strip()
          + "); check --kubeconfig (or the pod's service account), the network, and that the VipPair CRD is installed");
    }
  }

  /** The network failure under a client exception (ConnectException, UnknownHostException...), else its message. */
  private static String rootCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String pkg = t.getClass().getPackageName();
      if (pkg.startsWith("java.net") || pkg.startsWith("javax.net")) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
      }
    }
    return String.valueOf(e.getMessage());
  }

  static Config clientConfig(OperatorSettings settings) throws IOException {
    Config config;
    try {
      config = settings.kubeconfig() != null
          ? Config.fromKubeconfig(Files.readString(settings.kubeconfig()))
          : Config.autoConfigure(null);
    } catch (RuntimeException e) {
      throw new BadSetting("--kubeconfig " + settings.kubeconfig() + ": not a usable kubeconfig ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "); give a kubeconfig with a current context");
    }
    // Plain http:// is only used by test API servers; there the JDK client's cleartext HTTP/2
    // upgrade (h2c) breaks on large list answers, so such servers are spoken to in HTTP/1.1.
    if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http://")) {
      config.setHttp2Disable(true);
    }
    return config;
  }
}
