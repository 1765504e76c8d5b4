package io.vippair.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.operator.cloud.CloudModes;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.metrics.MetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar vippair-operator.jar [flags]}: see {@link OperatorSettings} and
 * docs/operator.md. Exit status 2 means bad flags or environment (the message says which and how
 * to fix it); 1 means the operator could not start or lost its leadership.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    List<String> argList = Arrays.asList(args);
    if (argList.contains("--help") || argList.contains("-h")) {
      System.out.print(OperatorSettings.usage());
      return;
    }
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(argList, System.getenv());
    } catch (OperatorSettings.BadSetting e) {
      System.err.println("vippair-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      run(settings);
    } catch (RuntimeException | IOException | InterruptedException e) {
      log.error("the operator stopped: {}", e.toString());
      System.exit(1);
    }
  }

  static void run(OperatorSettings settings) throws IOException, InterruptedException {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(settings)).build();
    var cloud = CloudModes.create(settings.cloud(), registry);
    var accounts = new CredentialsResolver(client, settings.cloudCredentials());
    var operator = new VipPairOperator(client, cloud, accounts, settings, registry, Clock.systemUTC(), true);
    var http = new MetricsServer(settings.metricsHost(), settings.metricsPort(), registry, operator::notReadyReason);
    log.info("vippair operator {}: namespaces {}, cloud {}, leader election {}, metrics on :{}", settings.identity(),
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.cloud().endpoint(),
        settings.leaderElection() ? "on (Lease " + settings.leaderElectionNamespace() + "/" + OperatorSettings.LEASE_NAME + ")" : "off",
        http.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping");
      operator.close();
      http.close();
      client.close();
      stopped.countDown();
    }, "vippair-shutdown"));
    operator.start();
    stopped.await();
  }

  static Config clientConfig(OperatorSettings settings) throws IOException {
    Config config = settings.kubeconfig() != null
        ? Config.fromKubeconfig(Files.readString(settings.kubeconfig()))
        : Config.autoConfigure(null);
    // Plain http:// is only used by test API servers; there the JDK client's cleartext HTTP/2
    // upgrade (h2c) breaks on large list answers, so such servers are spoken to in HTTP/1.1.
    if (config.getMasterUrl() != null && config.getMasterUrl().startsWith("http://")) {
      config.setHttp2Disable(true);
    }
    return config;
  }
}
