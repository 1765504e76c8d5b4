package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.common.BuildInfo;
import io.vippair.common.metrics.Metric;
import io.vippair.operator.metrics.OperatorMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The metric tables of docs/operator.md and docs/agent.md against the code: every metric a table
 * names is exported (as the real metric classes print it), and every metric constant of the
 * process is in its page's table.
 */
class MetricDocsTest {

  private static final Pattern NAME = Pattern.compile("`(vippair_[a-z0-9_]+)");

  /** The vippair_* names in the first column of the page's metric table. */
  static Set<String> documented(String doc) {
    Set<String> names = new TreeSet<>();
    boolean inTable = false;
    for (String line : DeployAssets.read(DeployAssets.repoRoot().resolve(doc)).split("\n")) {
      if (line.toLowerCase().startsWith("| metric |")) {
        inTable = true;
      } else if (inTable && line.startsWith("|")) {
        Matcher m = NAME.matcher(line.split("\\|")[1]);
        while (m.find()) {
          names.add(m.group(1));
        }
      } else {
        inTable = false;
      }
    }
    return names;
  }

  static List<Metric> constants(Class<?> type) throws IllegalAccessException {
    List<Metric> metrics = new ArrayList<>();
    for (Field f : type.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Metric.class) {
        metrics.add((Metric) f.get(null));
      }
    }
    return metrics;
  }

  @ParameterizedTest
  @CsvSource({"docs/operator.md, operator", "docs/agent.md, agent"})
  void everyDocumentedMetricIsExportedAndEveryMetricIsDocumented(String doc, String process) throws Exception {
    var exported = MetricNamesTest.exported();
    Set<String> names = documented(doc);
    assertThat(names).as("metric names in %s", doc).isNotEmpty();
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      boolean isExported = exported.sampleNames().contains(name) || exported.sampleNames().contains(name + "_bucket");
      if (!isExported) {
        problems.add(doc + " documents " + name + ", which is not exported");
      }
    }
    List<Metric> metrics = new ArrayList<>(constants(process.equals("operator") ? OperatorMetrics.class : AgentMetrics.class));
    if (process.equals("operator")) {
      metrics.addAll(constants(io.vippair.operator.metrics.PairMetrics.class));
    }
    metrics.addAll(constants(BuildInfo.class));
    for (Metric m : metrics) {
      String prefix = m.name().replace('.', '_');
      if (names.stream().noneMatch(n -> n.equals(prefix) || n.startsWith(prefix + "_"))) {
        problems.add(doc + " does not document " + m.name() + " (" + m.help() + ")");
      }
    }
    assertThat(problems).isEmpty();
  }
}
