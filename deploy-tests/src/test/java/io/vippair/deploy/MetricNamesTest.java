package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.vippair.operator.cloud.CloudException;
import org.junit.jupiter.api.Test;

/**
 * Every metric and label the Grafana dashboard and the alert rules query is one the processes
 * export, read from the real code: the cloud port against the emulator (CloudPortScrape), and the
 * operator's and the agent's metric classes (ProcessMetricsScrape), each scraped as /metrics does.
 */
class MetricNamesTest {

  /** Added by Prometheus to every series or every scrape, not by our code. */
  private static final Set<String> PROMETHEUS_SERIES = Set.of("up");
  private static final Set<String> PROMETHEUS_LABELS = Set.of("instance", "job", "namespace", "pod");

  private static final Pattern METRIC = Pattern.compile("\\b(vippair_[a-z0-9_]+|up)\\b(\\{([^}]*)})?");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|on|without|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

  private static ExportedMetrics exported;

  static synchronized ExportedMetrics exported() {
    if (exported == null) {
      try {
        exported = new ExportedMetrics()
            .add(CloudPortScrape.scrape())
            .add(ProcessMetricsScrape.operator())
            .add(ProcessMetricsScrape.agent());
      } catch (CloudException e) {
        throw new AssertionError("the cloud port could not talk to the emulator", e);
      }
    }
    return exported;
  }

  @Test
  void everyMetricOfTheContractIsExported() {
    // The names common.md promises users; the dashboard and alerts rely on some of them.
    assertThat(exported().sampleNames()).contains(
        "vippair_failovers_total", "vippair_failover_seconds_bucket", "vippair_pairs", "vippair_split_brain",
        "vippair_reconcile_seconds_bucket", "vippair_cloud_conflicts", "vippair_leader",
        "vippair_agent_transitions_total", "vippair_agent_keepalived_restarts_total",
        "vippair_agent_config_reloads_total", "vippair_agent_health_checks_total", "vippair_agent_healthy",
        "vippair_agent_report_seconds_bucket", "vippair_agent_report_failures_total", "vippair_agent_probe_answers_total",
        "vippair_build_info", "vippair_pair_info", "vippair_pair_phase", "vippair_pair_redundant", "vippair_agent_vrrp_role");
  }

  @Test
  void perPairSeriesNameThePairTheSameWayOnBothProcesses() {
    var e = exported();
    assertThat(e.labels("vippair_pair_info")).contains("namespace", "pair", "name", "vip", "members");
    assertThat(e.labels("vippair_pair_phase")).contains("namespace", "pair", "phase");
    assertThat(e.labels("vippair_pair_redundant")).contains("namespace", "pair", "reason");
    assertThat(e.labels("vippair_agent_vrrp_role")).contains("pair", "role");
  }

  /** "where: expression" for every dashboard variable that queries Prometheus (label_values(metric{...}, label)). */
  static Map<String, String> dashboardVariables() {
    Map<String, String> out = new LinkedHashMap<>();
    var dashboard = DeployAssets.readJsonObject(DeployAssets.read(DeployAssets.deploy("monitoring/grafana-dashboard.json")));
    for (Object v : list(map(dashboard, "templating"), "list")) {
      @SuppressWarnings("unchecked")
      var variable = (Map<String, Object>) v;
      if ("query".equals(variable.get("type"))) {
        out.put("variable " + variable.get("name"), variable.get("definition").toString());
      }
    }
    return out;
  }

  @Test
  void dashboardVariablesQueryExportedMetricsAndLabels() {
    var exported = exported();
    var variables = dashboardVariables();
    assertThat(variables).containsKeys("variable namespace", "variable pair");
    List<String> problems = new ArrayList<>();
    variables.forEach((where, query) -> {
      problems.addAll(problems(where, query, exported));
      Matcher label = Pattern.compile(",\\s*([a-z_]+)\\)\\s*$").matcher(query);
      assertThat(label.find()).as(where).isTrue();
      Matcher metric = METRIC.matcher(query);
      assertThat(metric.find()).as(where).isTrue();
      if (!exported.labels(metric.group(1)).contains(label.group(1))) {
        problems.add(where + ": " + metric.group(1) + " has no label " + label.group(1));
      }
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void alertsAboutPairsNameThePair() {
    for (String name : List.of("VipPairSplitBrain", "VipPairNotReady", "VipPairNotRedundant", "VipPairMemberFault")) {
      var rule = alertRules().stream().filter(r -> name.equals(r.get("alert"))).findFirst().orElseThrow();
      assertThat((String) rule.get("expr")).as(name).contains("pair");
      assertThat((String) map(rule, "annotations").get("summary")).as(name).contains("{{ $labels.pair }}");
    }
  }

  @Test
  void cloudPortMetricsComeFromTheRealCode() {
    var e = exported();
    assertThat(e.sampleNames()).contains("vippair_cloud_requests_total", "vippair_cloud_request_seconds_bucket",
        "vippair_cloud_throttled_total", "vippair_cloud_token_wait_seconds_bucket");
    assertThat(e.labels("vippair_cloud_requests_total")).contains("action", "code");
  }

  /** "where: expression" for every PromQL expression in the dashboard. */
  static Map<String, String> dashboardQueries() {
    Map<String, String> out = new LinkedHashMap<>();
    var dashboard = DeployAssets.readJsonObject(DeployAssets.read(DeployAssets.deploy("monitoring/grafana-dashboard.json")));
    for (Object p : list(dashboard, "panels")) {
      @SuppressWarnings("unchecked")
      var panel = (Map<String, Object>) p;
      for (Object t : list(panel, "targets")) {
        @SuppressWarnings("unchecked")
        var target = (Map<String, Object>) t;
        out.put("panel '" + panel.get("title") + "' " + target.get("refId"), (String) target.get("expr"));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() {
    var rule = DeployAssets.readYamlFile(DeployAssets.deploy("monitoring/prometheusrule.yaml")).get(0);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object g : list(map(rule, "spec"), "groups")) {
      list((Map<String, Object>) g, "rules").forEach(r -> rules.add((Map<String, Object>) r));
    }
    return rules;
  }

  /** Problems with one expression: unknown metrics, and labels no metric in it carries. */
  static List<String> problems(String where, String expr, ExportedMetrics exported) {
    List<String> problems = new ArrayList<>();
    Set<String> labelsInScope = new TreeSet<>(PROMETHEUS_LABELS);
    Matcher m = METRIC.matcher(expr);
    boolean any = false;
    while (m.find()) {
      any = true;
      String name = m.group(1);
      if (PROMETHEUS_SERIES.contains(name)) {
        continue;
      }
      if (!exported.sampleNames().contains(name)) {
        problems.add(where + ": " + name + " is not exported");
        continue;
      }
      labelsInScope.addAll(exported.labels(name));
      if (m.group(3) != null) {
        Matcher l = MATCHER.matcher(m.group(3));
        while (l.find()) {
          if (!exported.labels(name).contains(l.group(1)) && !PROMETHEUS_LABELS.contains(l.group(1))) {
            problems.add(where + ": " + name + " has no label " + l.group(1));
          }
        }
      }
    }
    if (!any) {
      problems.add(where + ": queries no vippair metric");
    }
    Matcher g = GROUPING.matcher(expr);
    while (g.find()) {
      for (String label : g.group(1).split(",")) {
        if (!label.isBlank() && !labelsInScope.contains(label.trim())) {
          problems.add(where + ": groups by " + label.trim() + ", a label none of its metrics has");
        }
      }
    }
    return problems;
  }

  @Test
  void dashboardQueriesOnlyExportedMetricsAndLabels() {
    var exported = exported();
    var queries = dashboardQueries();
    assertThat(queries).hasSizeGreaterThan(10);
    List<String> problems = new ArrayList<>();
    queries.forEach((where, expr) -> problems.addAll(problems(where, expr, exported)));
    assertThat(problems).isEmpty();
  }

  @Test
  void alertsQueryOnlyExportedMetricsAndLabels() {
    var exported = exported();
    List<String> problems = new ArrayList<>();
    for (var rule : alertRules()) {
      problems.addAll(problems("alert " + rule.get("alert"), (String) rule.get("expr"), exported));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theCheckCatchesAMisspelledMetricAndLabel() {
    var exported = exported();
    assertThat(problems("x", "sum by (action) (rate(vippair_cloud_request_total[5m]))", exported))
        .contains("x: vippair_cloud_request_total is not exported");
    assertThat(problems("x", "rate(vippair_cloud_requests_total{result=\"OK\"}[5m])", exported))
        .containsExactly("x: vippair_cloud_requests_total has no label result");
    assertThat(problems("x", "sum by (pair) (vippair_pairs)", exported))
        .containsExactly("x: groups by pair, a label none of its metrics has");
  }

  @Test
  void dashboardCoversWhatTheFleetNeeds() {
    String all = String.join("\n", dashboardQueries().values());
    assertThat(all).contains("vippair_pair_info", "vippair_pair_phase", "vippair_pair_redundant", "vippair_agent_vrrp_role");
    assertThat(all).contains("vippair_pairs", "vippair_failovers_total", "vippair_failover_seconds_bucket",
        "vippair_split_brain", "vippair_cloud_requests_total", "vippair_agent_report_seconds_bucket");
  }

  @Test
  void everyAlertLinksARunbookSectionThatExists() {
    String doc = DeployAssets.read(DeployAssets.repoRoot().resolve("docs/observability.md"));
    Set<String> anchors = new TreeSet<>();
    for (String line : doc.split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(line.replaceFirst("^#+\\s*", "").trim().toLowerCase()
            .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
      }
    }
    for (var rule : alertRules()) {
      var annotations = map(rule, "annotations");
      assertThat(annotations).as("alert %s", rule.get("alert")).containsKeys("summary", "runbook_url");
      String url = (String) annotations.get("runbook_url");
      assertThat(url).as("alert %s", rule.get("alert")).contains("docs/observability.md#");
      assertThat(anchors).as("runbook anchor of %s", rule.get("alert")).contains(url.substring(url.indexOf('#') + 1));
    }
  }
}
