package io.vippair.agent.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vippair.agent.config.AgentSettings;
import io.vippair.common.config.BadSetting;
import io.vippair.common.heartbeat.HeartbeatKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * agent.yaml's {@code heartbeat} section: where the agent sends its liveness datagrams, with which
 * key, how often. Absent: no heartbeats (the operator probes, as before).
 *
 * @param targets host:port of the operator's replicas; a host may be a DNS name that resolves to
 *     every replica (a headless Service), re-resolved every 30 s
 * @param keyFile this member's heartbeat key (from {@code vippair heartbeat-key}); read at start
 * @param interval between two beats (50–1000 ms)
 */
public record HeartbeatConfig(List<Target> targets, Path keyFile, Duration interval) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
  private static final Set<String> KEYS = Set.of("targets", "keyFile", "intervalMs");

  /** One operator address as configured. */
  public record Target(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  public HeartbeatConfig {
    targets = List.copyOf(targets);
  }

  /** The heartbeat section of the agent's configuration file, or null when there is none. */
  public static HeartbeatConfig load(String[] args, Map<String, String> env) {
    var values = AgentSettings.SETTINGS.read(Arrays.asList(args), env);
    return parse(values.fileSection(AgentSettings.HEARTBEAT), values.fileName());
  }

  static HeartbeatConfig parse(JsonNode node, String file) {
    if (node == null || node.isNull()) {
      return null;
    }
    String where = "heartbeat in " + file;
    if (!node.isObject()) {
      throw new BadSetting(where + " must be a map: {targets: [host:port], keyFile: PATH, intervalMs: 100}");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new BadSetting(where + ": unknown key '" + key + "'; it has targets, keyFile and intervalMs");
      }
    }
    JsonNode list = node.get("targets");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new BadSetting(where + ": targets must be a non-empty list of host:port, e.g. [vippair-operator-heartbeat.vippair-system:7470]");
    }
    List<Target> targets = new ArrayList<>();
    list.forEach(t -> targets.add(target(t.asText(), where)));
    JsonNode keyFile = node.get("keyFile");
    if (keyFile == null || !keyFile.asText().startsWith("/")) {
      throw new BadSetting(where + ": keyFile must be an absolute path to this member's key (vippair heartbeat-key --member M"
          + " --master-key-file F > PATH)");
    }
    Path key = Path.of(keyFile.asText());
    try {
      HeartbeatKeys.readMemberKey(key, where + ": keyFile");
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
    Duration interval = DEFAULT_INTERVAL;
    if (node.has("intervalMs")) {
      JsonNode ms = node.get("intervalMs");
      if (!ms.canConvertToInt() || ms.asInt() < 50 || ms.asInt() > 1000) {
        throw new BadSetting(where + ": intervalMs is '" + ms.asText() + "'; give 50–1000 (default 100; keep it well below the "
            + "operator's --heartbeat-dead-after)");
      }
      interval = Duration.ofMillis(ms.asInt());
    }
    return new HeartbeatConfig(targets, key, interval);
  }

  private static Target target(String text, String where) {
    int colon = text.lastIndexOf(':');
    String host = colon > 0 ? text.substring(0, colon) : "";
    int port = -1;
    try {
      port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      // reported below
    }
    if (!host.matches("^[A-Za-z0-9.-]{1,253}$") || port < 1 || port > 65535) {
      throw new BadSetting(where + ": target '" + text + "' is not host:port (a DNS name or IPv4 address, a port 1–65535), "
          + "e.g. vippair-operator-heartbeat.vippair-system.svc:7470");
    }
    return new Target(host, port);
  }
}
