package io.vippair.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.operator.cloud.TencentCloudPort;
import io.vippair.operator.controller.SecretAccountResolver;
import io.vippair.operator.metrics.MetricsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    if (settings.cloudCredentialsMode().equals("oidc")) {
      System.err.println("vippair-operator: --cloud-credentials oidc is not supported by this build yet;"
          + " use a Secret (--cloud-credentials-secret or spec.cloud.credentialsSecretRef) or TENCENTCLOUD_SECRET_ID/KEY");
      System.exit(2);
      return;
    }
    try {
      run(settings, System.getenv());
    } catch (RuntimeException | IOException | InterruptedException e) {
      log.error("the operator stopped: {}", e.toString());
      System.exit(1);
    }
  }

  static void run(OperatorSettings settings, Map<String, String> env) throws IOException, InterruptedException {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig(settings)).build();
    var cloud = new TencentCloudPort(settings.cloud(), registry);
    var accounts = new SecretAccountResolver(client, settings.cloudCredentialsSecret(), env, Duration.ofSeconds(30),
        Clock.systemUTC());
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

  private static Config clientConfig(OperatorSettings settings) throws IOException {
    if (settings.kubeconfig() != null) {
      return Config.fromKubeconfig(Files.readString(settings.kubeconfig()));
    }
    return Config.autoConfigure(null);
  }
}
