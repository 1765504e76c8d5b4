package io.vippair.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.common.metrics.MetricsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The per-pair series follow the published status and the set of pairs; the agents' targets follow the members. */
class PairMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OperatorMetrics metrics = new OperatorMetrics(registry);

  static VipPair pair(String namespace, String name, String vip, String ipA, String ipB) {
    var spec = new VipPairSpec();
    spec.setVip(new VipSpec(vip));
    spec.setMembers(List.of(new Member("cvm-a", "ins-a", "eni-aaaaaaaa", ipA, "eth0"),
        new Member("cvm-b", "ins-b", "eni-bbbbbbbb", ipB, "eth0")));
    var pair = new VipPair();
    pair.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    pair.setSpec(spec);
    pair.setStatus(new VipPairStatus());
    return pair;
  }

  static AgentReport report(VrrpRole role, boolean healthy) {
    var r = new AgentReport();
    r.setRole(role);
    r.setHealthy(healthy);
    return r;
  }

  static VipPairStatus status(Phase phase, boolean reporting) {
    var s = new VipPairStatus();
    s.setPhase(phase);
    s.getConditions().add(new ConditionBuilder().withType(Conditions.AGENTS_REPORTING)
        .withStatus(reporting ? "True" : "False").build());
    s.getConditions().add(new ConditionBuilder().withType(Conditions.SPLIT_BRAIN).withStatus("False").build());
    return s;
  }

  @Test
  void seriesNameThePairAndFollowItsStatus() {
    VipPair p = pair("db", "mysql-prod", "10.0.1.100", "10.0.1.17", "10.0.1.16");
    p.getStatus().getAgents().putAll(Map.of("cvm-a", report(VrrpRole.MASTER, true), "cvm-b", report(VrrpRole.BACKUP, true)));
    metrics.pairs().published(p, status(Phase.Ready, true));
    assertThat(registry.scrape()).contains(
        "vippair_pair_info{members=\"cvm-a,cvm-b\",name=\"mysql-prod\",namespace=\"db\",pair=\"db/mysql-prod\",vip=\"10.0.1.100\"} 1",
        "vippair_pair_phase{namespace=\"db\",pair=\"db/mysql-prod\",phase=\"Ready\"} 1.0",
        "vippair_pair_phase{namespace=\"db\",pair=\"db/mysql-prod\",phase=\"Degraded\"} 0.0",
        "vippair_pair_redundant{namespace=\"db\",pair=\"db/mysql-prod\",reason=\"Redundant\"} 1.0");

    p.getStatus().getAgents().put("cvm-b", report(VrrpRole.BACKUP, false));
    metrics.pairs().published(p, status(Phase.Degraded, true));
    String scrape = registry.scrape();
    assertThat(scrape).contains(
        "vippair_pair_phase{namespace=\"db\",pair=\"db/mysql-prod\",phase=\"Degraded\"} 1.0",
        "vippair_pair_phase{namespace=\"db\",pair=\"db/mysql-prod\",phase=\"Ready\"} 0.0",
        "vippair_pair_redundant{namespace=\"db\",pair=\"db/mysql-prod\",reason=\"MemberUnhealthy\"} 0.0")
        .doesNotContain("reason=\"Redundant\"");
  }

  @Test
  void redundancyReasonsComeFromAFixedSet() {
    VipPair p = pair("db", "x", "10.0.1.100", "10.0.1.17", "10.0.1.16");
    assertThat(PairMetrics.rowOf(p, status(Phase.Pending, false)).reason()).isEqualTo(PairMetrics.AGENTS_NOT_REPORTING);
    p.getStatus().getAgents().putAll(Map.of("cvm-a", report(VrrpRole.MASTER, true), "cvm-b", report(VrrpRole.FAULT, true)));
    assertThat(PairMetrics.rowOf(p, status(Phase.Degraded, true)).reason()).isEqualTo(PairMetrics.MEMBER_OUT_OF_SERVICE);
    var split = status(Phase.SplitBrain, true);
    split.getConditions().get(1).setStatus("True");
    assertThat(PairMetrics.rowOf(p, split).reason()).isEqualTo(PairMetrics.SPLIT_BRAIN);
    assertThat(PairMetrics.REASONS).contains(PairMetrics.rowOf(p, status(Phase.Ready, true)).reason());
  }

  @Test
  void aDeletedPairLeavesNoSeries() {
    for (int i = 0; i < 50; i++) {
      metrics.pairs().published(pair("ns", "p" + i, "10.0.2." + (i + 1), "10.0.3." + (i + 1), "10.0.4." + (i + 1)),
          status(Phase.Ready, true));
    }
    assertThat(registry.getMeters()).hasSizeGreaterThan(50 * 8);
    for (int i = 0; i < 50; i++) {
      metrics.pairGone("ns/p" + i);
    }
    assertThat(registry.scrape()).doesNotContain("vippair_pair_info{", "vippair_pair_phase{", "vippair_pair_redundant{");
  }

  @Test
  void aChangedVipReplacesTheInfoSeries() {
    metrics.pairs().published(pair("db", "x", "10.0.1.100", "10.0.1.17", "10.0.1.16"), status(Phase.Ready, true));
    metrics.pairs().published(pair("db", "x", "10.0.1.101", "10.0.1.17", "10.0.1.16"), status(Phase.Ready, true));
    assertThat(registry.scrape()).contains("vip=\"10.0.1.101\"").doesNotContain("vip=\"10.0.1.100\"");
  }

  @Test
  void servesTheAgentsAsHttpServiceDiscoveryOnTheLeaderOnly() throws Exception {
    metrics.pairs().published(pair("db", "mysql", "10.0.1.100", "10.0.1.17", "10.0.1.16"), status(Phase.Ready, true));
    // a VM in two pairs is one target
    metrics.pairs().published(pair("web", "nginx", "10.0.1.200", "10.0.1.17", "10.0.1.18"), status(Phase.Ready, true));
    var leading = new AtomicBoolean(true);
    try (var server = MetricsServer.start("127.0.0.1", 0, registry, Map.of())) {
      server.json(AgentTargets.PATH, () -> AgentTargets.answer(metrics.pairs(), leading.get(), 9190));
      var http = HttpClient.newHttpClient();
      var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + AgentTargets.PATH)).build();
      var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
      List<?> groups = new ObjectMapper().readValue(answer.body(), List.class);
      assertThat(groups).hasSize(3);
      assertThat(groups.get(0)).isEqualTo(Map.of("targets", List.of("10.0.1.16:9190"),
          "labels", Map.of("member", "cvm-b", "instance_id", "ins-b", "__meta_vippair_pairs", ",db/mysql,")));
      assertThat(answer.body()).contains("\"10.0.1.17:9190\"", ",db/mysql,web/nginx,", "\"10.0.1.18:9190\"");

      leading.set(false);
      var standby = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(standby.statusCode()).isEqualTo(503);
      assertThat(standby.body()).contains("standby");
    }
  }
}
