package io.vippair.operator;

import io.vippair.operator.cloud.tencent.CloudEndpoint;
import io.vippair.operator.cloud.tencent.CloudPortSettings;
import io.vippair.operator.cloud.CredentialsResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the operator process is configured with. A flag wins over its environment variable,
 * which wins over the default; {@link #parse} rejects bad input with a message naming the flag
 * and the fix (Main exits with status 2 on it).
 *
 * @param kubeconfig the kubeconfig file, or null for in-cluster / ~/.kube/config
 * @param namespaces the namespaces to watch; empty means all
 * @param labelSelector only VipPairs matching it (for sharding), or null
 * @param resyncPeriod how often every pair is looked at again and the fleet is observed
 * @param probeDeadline how long an agent has to answer a liveness probe
 * @param agentLeaseNamespace where the node agents keep their Leases
 * @param cloud the cloud port's endpoint and rate limits (from --cloud-endpoint, --rate-limit-*)
 * @param cloudCredentials where a pair's credentials come from when it names no Secret
 * @param metricsHost address /metrics, /healthz and /readyz listen on
 * @param metricsPort port of /metrics, /healthz and /readyz (0 picks a free one)
 * @param leaderElection whether to run as one of several replicas with a Lease
 * @param leaderElectionNamespace where the operator's Lease lives
 * @param identity this replica's name in the Lease
 */
public record OperatorSettings(
    Path kubeconfig,
    Set<String> namespaces,
    String labelSelector,
    Duration resyncPeriod,
    Duration probeDeadline,
    String agentLeaseNamespace,
    CloudPortSettings cloud,
    CredentialsResolver.DefaultSource cloudCredentials,
    String metricsHost,
    int metricsPort,
    boolean leaderElection,
    String leaderElectionNamespace,
    String identity) {

  public static final String LEASE_NAME = "vippair-operator";
  public static final String DEFAULT_SYSTEM_NAMESPACE = "vippair-system";
  public static final String DEFAULT_CLOUD_ENDPOINT = "vpc.tencentcloudapi.com";
  private static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final String RATE_LIMIT_PREFIX = "--rate-limit-";

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  /** Thrown for bad flags or environment; the message names the flag and the fix. */
  public static final class BadSetting extends Exception {
    public BadSetting(String message) {
      super(message);
    }
  }

  /** One flag: its name, environment variable, default and what it means (for --help and docs). */
  record Flag(String name, String env, String defaultValue, String help) {}

  static final List<Flag> FLAGS = List.of(
      new Flag("--kubeconfig", "KUBECONFIG", "in-cluster, else ~/.kube/config", "kubeconfig file of the cluster to watch"),
      new Flag("--namespaces", "VIPPAIR_NAMESPACES", "all", "comma-separated namespaces to watch"),
      new Flag("--label-selector", "VIPPAIR_LABEL_SELECTOR", "none", "only VipPairs matching this label selector (sharding)"),
      new Flag("--resync-period", "VIPPAIR_RESYNC_PERIOD", "60s", "how often the fleet is observed in the cloud and every pair re-checked"),
      new Flag("--probe-deadline", "VIPPAIR_PROBE_DEADLINE", "1s", "how long an agent has to answer a liveness probe"),
      new Flag("--agent-lease-namespace", "VIPPAIR_AGENT_LEASE_NAMESPACE", DEFAULT_SYSTEM_NAMESPACE, "namespace of the node agents' Leases"),
      new Flag("--cloud-endpoint", "VIPPAIR_CLOUD_ENDPOINT", DEFAULT_CLOUD_ENDPOINT, "vpc.tencentcloudapi.com, regional, internal, or http://host:port (emulator)"),
      new Flag("--cloud-credentials-secret", "VIPPAIR_CLOUD_CREDENTIALS_SECRET", "none", "namespace/name of the default Secret (keys secretId, secretKey, token)"),
      new Flag("--cloud-credentials", "VIPPAIR_CLOUD_CREDENTIALS", "keys (Secret or environment)", "oidc to use the TKE workload identity (STS) instead of keys"),
      new Flag("--rate-limit-<Action>", "", "the API's documented limits", "requests per second for one cloud action, e.g. --rate-limit-MigratePrivateIpAddress 20 (or --rate-limit-migrate-private-ip-address)"),
      new Flag("--metrics-host", "VIPPAIR_METRICS_HOST", "0.0.0.0", "address of /metrics, /healthz and /readyz (127.0.0.1 to keep them local)"),
      new Flag("--metrics-port", "VIPPAIR_METRICS_PORT", "8080", "port of /metrics, /healthz and /readyz (0 = any free port)"),
      new Flag("--leader-election", "VIPPAIR_LEADER_ELECTION", "true", "true to run as one of several replicas with Lease " + LEASE_NAME),
      new Flag("--leader-election-namespace", "VIPPAIR_LEADER_ELECTION_NAMESPACE", "the pod's namespace, else " + DEFAULT_SYSTEM_NAMESPACE, "namespace of the Lease " + LEASE_NAME),
      new Flag("--identity", "POD_NAME", "the host name", "this replica's identity in the Lease"));

  /** The usage text printed by --help and on a bad flag. */
  public static String usage() {
    StringBuilder b = new StringBuilder("usage: java -jar vippair-operator.jar [flags]\n");
    for (Flag f : FLAGS) {
      b.append(String.format(Locale.ROOT, "  %-30s %s%n  %-30s   env %s, default %s%n", f.name(), f.help(), "",
          f.env().isEmpty() ? "-" : f.env(), f.defaultValue()));
    }
    return b.toString();
  }

  /** Reads flags over environment over defaults. */
  public static OperatorSettings parse(List<String> args, Map<String, String> env) throws BadSetting {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> rateLimits = new TreeMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!isKnownFlag(name)) {
        throw new BadSetting("unknown flag '" + arg + "'; see --help for the flags the operator takes");
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new BadSetting(name + " needs a value, e.g. " + name + " " + example(name));
        }
        value = args.get(++i);
      }
      if (name.startsWith(RATE_LIMIT_PREFIX)) {
        String action = name.substring(RATE_LIMIT_PREFIX.length());
        if (action.isEmpty()) {
          throw new BadSetting(name + ": name the cloud action after the prefix, e.g. --rate-limit-MigratePrivateIpAddress 20");
        }
        rateLimits.put(action, value);
      } else {
        values.put(name, value);
      }
    }
    for (Flag f : FLAGS) {
      if (!values.containsKey(f.name()) && !f.env().isEmpty()) {
        String fromEnv = env.get(f.env());
        if (fromEnv != null && !fromEnv.isBlank()) {
          values.put(f.name(), fromEnv.trim());
        }
      }
    }

    Path kubeconfig = null;
    if (values.containsKey("--kubeconfig")) {
      kubeconfig = Path.of(values.get("--kubeconfig"));
      if (!Files.isReadable(kubeconfig)) {
        throw new BadSetting("--kubeconfig " + kubeconfig + ": no readable file there; give the path of a kubeconfig file or leave it out for in-cluster config");
      }
    }
    Set<String> namespaces = namespaces(values.getOrDefault("--namespaces", ""));
    String selector = blankToNull(values.get("--label-selector"));
    Duration resync = duration("--resync-period", values.getOrDefault("--resync-period", "60s"), Duration.ofSeconds(1), Duration.ofHours(24));
    Duration probeDeadline = duration("--probe-deadline", values.getOrDefault("--probe-deadline", "1s"), Duration.ofMillis(100), Duration.ofSeconds(60));
    String agentLeaseNamespace = namespace("--agent-lease-namespace", values.getOrDefault("--agent-lease-namespace", DEFAULT_SYSTEM_NAMESPACE));
    CloudPortSettings cloud;
    try {
      cloud = CloudPortSettings.defaults().withEndpoint(CloudEndpoint.parse(values.getOrDefault("--cloud-endpoint", DEFAULT_CLOUD_ENDPOINT)));
      for (var limit : rateLimits.entrySet()) {
        cloud = cloud.withRateLimit(limit.getKey(), limit.getValue());
      }
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
    CredentialsResolver.DefaultSource credentials;
    try {
      credentials = CredentialsResolver.defaultSource(values.get("--cloud-credentials"),
          blankToNull(values.get("--cloud-credentials-secret")), env);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
    String metricsHost = values.getOrDefault("--metrics-host", "0.0.0.0");
    if (!metricsHost.matches("^[A-Za-z0-9.:\\-]+$")) {
      throw new BadSetting("--metrics-host '" + metricsHost + "': give an IP address or host name, e.g. 0.0.0.0 or 127.0.0.1");
    }
    int metricsPort = port("--metrics-port", values.getOrDefault("--metrics-port", "8080"));
    boolean leaderElection = bool("--leader-election", values.getOrDefault("--leader-election", "true"));
    String leaseNamespace = values.containsKey("--leader-election-namespace")
        ? namespace("--leader-election-namespace", values.get("--leader-election-namespace"))
        : podNamespace(env);
    String identity = values.getOrDefault("--identity", hostname(env));
    if (identity.isBlank()) {
      throw new BadSetting("--identity is empty; give each replica a distinct name (POD_NAME in Kubernetes)");
    }
    return new OperatorSettings(kubeconfig, namespaces, selector, resync, probeDeadline, agentLeaseNamespace, cloud,
        credentials, metricsHost, metricsPort, leaderElection, leaseNamespace, identity);
  }

  private static boolean isKnownFlag(String name) {
    return name.startsWith(RATE_LIMIT_PREFIX) || FLAGS.stream().anyMatch(f -> f.name().equals(name));
  }

  private static String example(String flag) {
    return FLAGS.stream().filter(f -> f.name().equals(flag)).map(Flag::defaultValue).findFirst().orElse("20");
  }

  private static Set<String> namespaces(String csv) throws BadSetting {
    Set<String> result = new java.util.TreeSet<>();
    for (String part : csv.split(",")) {
      String ns = part.trim();
      if (!ns.isEmpty()) {
        result.add(namespace("--namespaces", ns));
      }
    }
    return result;
  }

  private static String namespace(String flag, String value) throws BadSetting {
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new BadSetting(flag + " '" + value + "' is not a namespace name; use lower-case letters, digits and '-', at most 63 characters");
    }
    return value;
  }

  /** Parses 500ms, 10s, 2m, 1h (a bare number means seconds). */
  static Duration parseDuration(String value) {
    var m = Pattern.compile("^(\\d+)(ms|s|m|h)?$").matcher(value.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static Duration duration(String flag, String value, Duration min, Duration max) throws BadSetting {
    Duration d = parseDuration(value);
    if (d == null) {
      throw new BadSetting(flag + " '" + value + "' is not a duration; write e.g. 500ms, 10s, 2m or 1h");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new BadSetting(flag + " " + value + " is out of range; use a value from " + human(min) + " to " + human(max));
    }
    return d;
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
  }

  private static int port(String flag, String value) throws BadSetting {
    try {
      int p = Integer.parseInt(value);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadSetting(flag + " '" + value + "': give a port number from 0 to 65535 (0 picks a free port)");
  }

  private static boolean bool(String flag, String value) throws BadSetting {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadSetting(flag + " '" + value + "': write true or false");
    };
  }

  private static String podNamespace(Map<String, String> env) {
    String fromEnv = env.get("POD_NAMESPACE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    try {
      if (Files.isReadable(POD_NAMESPACE_FILE)) {
        String ns = Files.readString(POD_NAMESPACE_FILE).trim();
        if (!ns.isEmpty()) {
          return ns;
        }
      }
    } catch (java.io.IOException e) {
      // not in a pod: fall back to the default
    }
    return DEFAULT_SYSTEM_NAMESPACE;
  }

  private static String hostname(Map<String, String> env) {
    String host = env.get("HOSTNAME");
    if (host != null && !host.isBlank()) {
      return host.trim();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "vippair-operator-" + ProcessHandle.current().pid();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
