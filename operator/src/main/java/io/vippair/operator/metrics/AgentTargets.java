package io.vippair.operator.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vippair.common.config.Parsers;
import io.vippair.common.config.Setting;
import io.vippair.common.metrics.MetricsServer.Health;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The VM agents' scrape targets as Prometheus HTTP service discovery: one target group per
 * member address (privateIp:agent metrics port), from the pairs the leader publishes, so that
 * nobody keeps a list of VMs by hand. A VM in several pairs is one target.
 */
public final class AgentTargets {

  public static final String PATH = "/sd/agents";

  public static final Setting<Integer> AGENT_METRICS_PORT = Setting.flag("--agent-metrics-port", Parsers.port())
      .metavar("9190").env("VIPPAIR_AGENT_METRICS_PORT").byDefault("9190")
      .help("the agents' metrics port, for the scrape targets served on `" + PATH + "` (Prometheus HTTP service discovery)");

  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentTargets() {}

  /** One HTTP SD target group. */
  public record Group(List<String> targets, Map<String, String> labels) {}

  /** The target groups, sorted by address so the answer is stable between polls. */
  public static List<Group> groups(Collection<PairMetrics.PairRow> pairs, int port) {
    Map<String, TreeSet<String>> members = new TreeMap<>();
    Map<String, TreeSet<String>> instances = new TreeMap<>();
    Map<String, TreeSet<String>> pairsOf = new TreeMap<>();
    for (PairMetrics.PairRow pair : pairs) {
      for (PairMetrics.Endpoint m : pair.members()) {
        if (m.privateIp() == null) {
          continue;
        }
        members.computeIfAbsent(m.privateIp(), k -> new TreeSet<>()).add(m.name());
        if (m.instanceId() != null) {
          instances.computeIfAbsent(m.privateIp(), k -> new TreeSet<>()).add(m.instanceId());
        }
        pairsOf.computeIfAbsent(m.privateIp(), k -> new TreeSet<>()).add(pair.key());
      }
    }
    List<Group> groups = new ArrayList<>();
    members.forEach((ip, names) -> {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("member", String.join(",", names));
      labels.put("instance_id", String.join(",", instances.getOrDefault(ip, new TreeSet<>())));
      // a __meta_ label is there for relabelling and dropped afterwards, so many pairs cost no series
      labels.put("__meta_vippair_pairs", "," + String.join(",", pairsOf.get(ip)) + ",");
      groups.add(new Group(List.of(ip + ":" + port), labels));
    });
    return groups;
  }

  /**
   * What {@link #PATH} answers: the targets as JSON on the leader; 503 on a standby, which has no
   * pairs, so that Prometheus keeps the list it last had instead of dropping every agent.
   */
  public static Health answer(PairMetrics pairs, boolean leading, int port) {
    if (!leading) {
      return new Health(false, "this replica is the standby; the leader serves the agents' targets");
    }
    try {
      return Health.ok(JSON.writeValueAsString(groups(pairs.rows(), port)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the agents' targets as JSON", e);
    }
  }
}
