package io.vippair.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.metrics.OperatorMetrics;
import java.time.Duration;
import java.util.List;

/**
 * The operator's fleet metrics and the agent's metrics as their /metrics endpoints print them:
 * the modules' own metric classes on a Prometheus registry, each event recorded once so that
 * every labelled series exists, then scraped.
 */
final class ProcessMetricsScrape {

  private ProcessMetricsScrape() {}

  static String operator() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new OperatorMetrics(registry);
    metrics.leading(true);
    metrics.reconciled(Duration.ofMillis(3));
    metrics.pairState("db/mysql-prod", new OperatorMetrics.PairState(Phase.Ready, false, false));
    metrics.pairs().published(pair(), pair().getStatus());
    metrics.failoverCompleted("db", "MasterDied", Duration.ofMillis(800));
    // the heartbeat listener's counters, as a replica started with --heartbeat-key-file exports them
    var book = new io.vippair.operator.heartbeat.HeartbeatBook(new byte[32], Duration.ofMillis(500));
    try (var listener = io.vippair.operator.heartbeat.HeartbeatListener.start("127.0.0.1", 0, book, java.time.Clock.systemUTC(),
        registry)) {
      return registry.scrape();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A published pair as the per-pair series see it. */
  private static VipPair pair() {
    var spec = new VipPairSpec();
    spec.setVip(new VipSpec("10.0.1.100"));
    spec.setMembers(List.of(new Member("cvm-a", "ins-a", "eni-aaaaaaaa", "10.0.1.17", "eth0"),
        new Member("cvm-b", "ins-b", "eni-bbbbbbbb", "10.0.1.16", "eth0")));
    var pair = new VipPair();
    pair.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName("mysql-prod").build());
    pair.setSpec(spec);
    var status = new VipPairStatus();
    status.setPhase(Phase.Ready);
    pair.setStatus(status);
    return pair;
  }

  static String agent() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new AgentMetrics(registry);
    var pair = new PairKey("db", "mysql-prod");
    metrics.transition(pair, VrrpRole.MASTER);
    metrics.healthCheck(pair, true);
    metrics.healthy(pair, true);
    metrics.reportAccepted(Duration.ofMillis(20));
    metrics.reportFailed();
    metrics.probeAnswered();
    metrics.keepalivedRestarted();
    metrics.configReload(true);
    metrics.notifyHook(pair, "seed-notify", "ok", 0, Duration.ofMillis(40));
    return registry.scrape();
  }
}
