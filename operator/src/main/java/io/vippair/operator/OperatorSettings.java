package io.vippair.operator;

import io.vippair.common.config.BadSetting;
import io.vippair.common.config.DocRow;
import io.vippair.common.config.FlagFamily;
import io.vippair.common.config.LogFormat;
import io.vippair.common.config.LogLevel;
import io.vippair.common.config.Parsers;
import io.vippair.common.config.Setting;
import io.vippair.common.config.SettingValues;
import io.vippair.common.config.Settings;
import io.vippair.common.heartbeat.HeartbeatKeys;
import io.vippair.operator.cloud.tencent.CloudEndpoint;
import io.vippair.operator.cloud.tencent.CloudPortSettings;
import io.vippair.operator.cloud.CredentialsResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the operator process is configured with. Each setting (flag, environment variable,
 * default, help, parser) is written once below; a flag wins over its environment variable, which
 * wins over the default. {@link #parse} rejects bad input with a {@link BadSetting} naming the flag
 * and the fix (Main exits with status 2 on it). docs/operator.md's table is {@link #SETTINGS}'s
 * {@link Settings#markdownTable()}, checked by a test.
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
 * @param heartbeat the agents' heartbeat channel (rule 14b), or null when off
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
    String identity,
    Heartbeats heartbeat) {

  /**
   * Where the agents' heartbeats arrive and when silence means dead (docs/operator-decision.md, rule 14b).
   *
   * @param keyFile the master key (each agent's key is derived from it); read at start, never logged
   */
  public record Heartbeats(Path keyFile, int port, Duration deadAfter) {}

  public static final String LEASE_NAME = "vippair-operator";
  public static final String DEFAULT_SYSTEM_NAMESPACE = "vippair-system";
  public static final String DEFAULT_CLOUD_ENDPOINT = CloudEndpoint.PUBLIC_HOST;
  private static final Path POD_NAMESPACE_FILE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }

  static final Setting<Path> KUBECONFIG = Setting.flag("--kubeconfig",
          Parsers.yamlMapFile("give the path of a kubeconfig file or leave it out for in-cluster config"))
      .metavar("PATH").env("KUBECONFIG").defaultShown("in-cluster, else `~/.kube/config`")
      .help("the cluster to watch");
  static final Setting<List<String>> NAMESPACES = Setting.flag("--namespaces", Parsers.commaSeparated(Parsers.dnsLabel()))
      .metavar("a,b").env("VIPPAIR_NAMESPACES").byDefault("").defaultShown("all namespaces")
      .help("namespaces whose VipPairs this operator handles");
  static final Setting<String> LABEL_SELECTOR = Setting.flag("--label-selector", Parsers.labelSelector())
      .metavar("SEL").env("VIPPAIR_LABEL_SELECTOR")
      .help("only VipPairs matching it (to shard a very large fleet over several operators)");
  static final Setting<Duration> RESYNC_PERIOD = Setting.flag("--resync-period",
          Parsers.duration(Duration.ofSeconds(1), Duration.ofHours(24)))
      .metavar("60s").env("VIPPAIR_RESYNC_PERIOD").byDefault("60s")
      .help("how often the fleet is observed in the cloud and every pair decided again (1s–24h)");
  static final Setting<Duration> PROBE_DEADLINE = Setting.flag("--probe-deadline",
          Parsers.duration(Duration.ofMillis(100), Duration.ofSeconds(60)))
      .metavar("1s").env("VIPPAIR_PROBE_DEADLINE").byDefault("1s")
      .help("how long an agent has to answer a liveness probe (100ms–60s)");
  static final Setting<String> AGENT_LEASE_NAMESPACE = Setting.flag("--agent-lease-namespace", Parsers.dnsLabel())
      .metavar("NS").env("VIPPAIR_AGENT_LEASE_NAMESPACE").byDefault(DEFAULT_SYSTEM_NAMESPACE)
      .help("where the agents keep their Leases (must match the agents' `--lease-namespace`)");
  static final Setting<CloudEndpoint> CLOUD_ENDPOINT = Setting.flag("--cloud-endpoint", CloudEndpoint::parse)
      .metavar("E").env("VIPPAIR_CLOUD_ENDPOINT").byDefault(DEFAULT_CLOUD_ENDPOINT)
      .help("`regional` (`vpc.<region>.tencentcloudapi.com`), `internal` (`vpc.internal.tencentcloudapi.com`, for VMs "
          + "without public access), or `http://host:port` for the cloud emulator");
  static final Setting<String> CLOUD_CREDENTIALS_SECRET = Setting.flag("--cloud-credentials-secret", Parsers.text())
      .metavar("ns/name").env("VIPPAIR_CLOUD_CREDENTIALS_SECRET")
      .help("the operator-wide default Secret (keys `secretId`, `secretKey`, optional `token`)");
  static final Setting<String> CLOUD_CREDENTIALS = Setting.flag("--cloud-credentials", Parsers.text())
      .metavar("oidc").env("VIPPAIR_CLOUD_CREDENTIALS").defaultShown("keys (Secret or environment)")
      .help("default credentials from the TKE workload identity (STS `AssumeRoleWithWebIdentity` with `TKE_REGION`, "
          + "`TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`; `VIPPAIR_STS_ENDPOINT` overrides the STS endpoint)");
  static final Setting<String> METRICS_HOST = Setting.flag("--metrics-host",
          Parsers.matching("^[A-Za-z0-9.:\\-]+$", "an IP address or host name, e.g. 0.0.0.0 or 127.0.0.1"))
      .metavar("H").env("VIPPAIR_METRICS_HOST").byDefault("0.0.0.0")
      .help("address of the HTTP endpoints (`127.0.0.1` keeps them local)");
  static final Setting<Integer> METRICS_PORT = Setting.flag("--metrics-port", Parsers.port())
      .metavar("8080").env("VIPPAIR_METRICS_PORT").byDefault("8080")
      .help("port of `/metrics`, `/healthz`, `/readyz` (`0` = any free port, logged)");
  static final Setting<Boolean> LEADER_ELECTION = Setting.flag("--leader-election", Parsers.bool())
      .metavar("true").env("VIPPAIR_LEADER_ELECTION").byDefault("true")
      .help("run as one of several replicas (Lease `" + LEASE_NAME + "`)");
  static final Setting<String> LEADER_ELECTION_NAMESPACE = Setting.flag("--leader-election-namespace", Parsers.dnsLabel())
      .metavar("NS").env("VIPPAIR_LEADER_ELECTION_NAMESPACE")
      .defaultShown("`POD_NAMESPACE`, else the pod's service-account namespace, else `" + DEFAULT_SYSTEM_NAMESPACE + "`")
      .help("where the Lease lives");
  static final Setting<String> IDENTITY = Setting.flag("--identity", Parsers.text())
      .metavar("NAME").env("POD_NAME").defaultShown("the host name")
      .help("this replica's name in the Lease and in events");
  static final Setting<Path> HEARTBEAT_KEY_FILE = Setting.flag("--heartbeat-key-file",
          Parsers.readableFile("give the file that holds the heartbeat master key (a Secret mounted as a file), or leave it out"))
      .metavar("PATH").env("VIPPAIR_HEARTBEAT_KEY_FILE").defaultShown("unset: no heartbeats, probes only")
      .help("the heartbeat master key: with it the operator listens for the agents' UDP heartbeats and takes a master whose "
          + "agent fell silent for dead without a probe wait (agents' keys: `vippair heartbeat-key`)");
  static final Setting<Integer> HEARTBEAT_PORT = Setting.flag("--heartbeat-port", Parsers.port())
      .metavar("7470").env("VIPPAIR_HEARTBEAT_PORT").byDefault("7470")
      .help("UDP port of the heartbeats, on `--metrics-host`'s address (`0` = any free port, logged)");
  static final Setting<Duration> HEARTBEAT_DEAD_AFTER = Setting.flag("--heartbeat-dead-after",
          Parsers.duration(Duration.ofMillis(200), Duration.ofSeconds(10)))
      .metavar("500ms").env("VIPPAIR_HEARTBEAT_DEAD_AFTER").byDefault("500ms")
      .help("a master whose agent's heartbeat has been silent this long is dead when its peer claims MASTER (200ms–10s; "
          + "keep it several times the agents' interval)");
  static final FlagFamily RATE_LIMITS = new FlagFamily("--rate-limit-", "<Action>", "N", "Tencent's documented limits",
      "requests per second for one action, per account and region, e.g. `--rate-limit-MigratePrivateIpAddress 20` or "
          + "`--rate-limit-migrate-private-ip-address 20`. Defaults: Migrate 50, DescribeNetworkInterfaces 100, "
          + "Assign/Unassign 100, DescribeVpcTaskResult 20, the HAVIP actions (DescribeHaVips, ...) 20");

  /** Every setting of the operator, in the order of --help and docs/operator.md. */
  public static final Settings SETTINGS = new Settings("vippair-operator.jar",
      List.of(KUBECONFIG, NAMESPACES, LABEL_SELECTOR, RESYNC_PERIOD, PROBE_DEADLINE, AGENT_LEASE_NAMESPACE, CLOUD_ENDPOINT,
          CLOUD_CREDENTIALS_SECRET, CLOUD_CREDENTIALS, METRICS_HOST, METRICS_PORT, LEADER_ELECTION,
          LEADER_ELECTION_NAMESPACE, IDENTITY, HEARTBEAT_KEY_FILE, HEARTBEAT_PORT, HEARTBEAT_DEAD_AFTER, io.vippair.operator.metrics.AgentTargets.AGENT_METRICS_PORT, LogLevel.SETTING, LogFormat.SETTING),
      List.of(RATE_LIMITS), null,
      List.of(new DocRow(null, "TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_SESSION_TOKEN", null, "none",
          "default credentials when no Secret is configured")));

  /** The usage text printed by --help. */
  public static String usage() {
    return SETTINGS.usage();
  }

  /** Reads flags over environment over defaults. */
  public static OperatorSettings parse(List<String> args, Map<String, String> env) throws BadSetting {
    SettingValues v = SETTINGS.read(args, env);
    CloudPortSettings cloud;
    CredentialsResolver.DefaultSource credentials;
    try {
      cloud = CloudPortSettings.defaults().withEndpoint(v.get(CLOUD_ENDPOINT));
      for (var limit : v.family(RATE_LIMITS).entrySet()) {
        cloud = cloud.withRateLimit(limit.getKey(), limit.getValue());
      }
      credentials = CredentialsResolver.defaultSource(v.get(CLOUD_CREDENTIALS), v.get(CLOUD_CREDENTIALS_SECRET), env);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
    String leaseNamespace = v.get(LEADER_ELECTION_NAMESPACE);
    String identity = v.given(IDENTITY) != null ? v.get(IDENTITY) : hostname(env);
    if (identity.isBlank()) {
      throw new BadSetting("--identity is empty; give each replica a distinct name (POD_NAME in Kubernetes)");
    }
    String selector = v.get(LABEL_SELECTOR);
    Heartbeats heartbeat = null;
    if (v.get(HEARTBEAT_KEY_FILE) != null) {
      try {
        HeartbeatKeys.readMasterKey(v.get(HEARTBEAT_KEY_FILE), "--heartbeat-key-file");
      } catch (IllegalArgumentException e) {
        throw new BadSetting(e.getMessage());
      }
      heartbeat = new Heartbeats(v.get(HEARTBEAT_KEY_FILE), v.get(HEARTBEAT_PORT), v.get(HEARTBEAT_DEAD_AFTER));
    }
    return new OperatorSettings(v.get(KUBECONFIG), Set.copyOf(v.get(NAMESPACES)), selector == null || selector.isEmpty() ? null : selector,
        v.get(RESYNC_PERIOD), v.get(PROBE_DEADLINE), v.get(AGENT_LEASE_NAMESPACE), cloud, credentials, v.get(METRICS_HOST),
        v.get(METRICS_PORT), v.get(LEADER_ELECTION), leaseNamespace != null ? leaseNamespace : podNamespace(env), identity,
        heartbeat);
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
}
