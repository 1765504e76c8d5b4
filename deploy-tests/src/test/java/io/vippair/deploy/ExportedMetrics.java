package io.vippair.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sample names and their label names, read from Prometheus text exposition format. */
final class ExportedMetrics {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  private final Map<String, Set<String>> labelsBySample = new LinkedHashMap<>();

  /** Parses a scrape; several scrapes (operator, agent) can be added to one instance. */
  ExportedMetrics add(String exposition) {
    for (String line : exposition.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.find()) {
        continue;
      }
      Set<String> labels = labelsBySample.computeIfAbsent(m.group(1), k -> new TreeSet<>());
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
    }
    return this;
  }

  Set<String> sampleNames() {
    return labelsBySample.keySet();
  }

  Set<String> labels(String sample) {
    return labelsBySample.getOrDefault(sample, Set.of());
  }
}
