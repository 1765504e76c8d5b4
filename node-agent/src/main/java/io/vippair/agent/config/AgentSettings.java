package io.vippair.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.vippair.api.v1alpha1.Patterns;
import io.vippair.common.config.BadSetting;
import io.vippair.common.config.LogFormat;
import io.vippair.common.config.LogLevel;
import io.vippair.common.config.Parsers;
import io.vippair.common.config.Setting;
import io.vippair.common.config.SettingValues;
import io.vippair.common.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's settings, each written once (flag, environment variable, agent.yaml key, default,
 * help, parser), read into an {@link AgentConfig}: a flag wins over the environment, the
 * environment over the file ({@code --config}), the file over the default. Anything wrong is a
 * {@link BadSetting} that names the setting. docs/agent.md's table is {@link #SETTINGS}'s
 * {@link Settings#markdownTable()}, checked by a test.
 */
public final class AgentSettings {

  /** keepalived.conf has no quoting we can rely on: paths written into it must not contain syntax. */
  private static final String SAFE_PATH = "^/[A-Za-z0-9._/-]*$";
  private static final Path SYSTEMD_KEEPALIVED_CONFIG = Path.of("/etc/keepalived/keepalived.conf");
  private static final String LOCAL_CHECKS = "localChecks";
  private static final String NOTIFY_HOOKS = "notifyHooks";
  /** Read by {@link io.vippair.agent.heartbeat.HeartbeatConfig}. */
  public static final String HEARTBEAT = "heartbeat";

  static final Setting<String> MEMBER = Setting.flag("--member",
          Parsers.matching(Patterns.DNS_LABEL, "a DNS label (lowercase letters, digits and '-', at most 63)"))
      .metavar("NAME").env("VIPPAIR_MEMBER").key("member").defaultShown("(required, or `--member-from-node`)")
      .help("this VM's name in the VipPairs' `spec.members` (a DNS label)");
  static final Setting<String> MEMBER_FROM_NODE = Setting.flag("--member-from-node",
          Parsers.matching("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", "a node name (spec.nodeName)"))
      .metavar("NODE").env("VIPPAIR_MEMBER_FROM_NODE").key("memberFromNode").defaultShown("unset")
      .help("without `--member` (the DaemonSet): the member is the node's name with dots made dashes (node 10.0.1.17:"
          + " member 10-0-1-17), or the node's label (else annotation) `vippair.io/member` on clusters without the admission"
          + " policies (needs `get` on nodes)");
  static final Setting<Path> KUBECONFIG = Setting.flag("--kubeconfig",
          Parsers.yamlMapFile("give the path of a readable kubeconfig file, or leave it unset to use in-cluster credentials"))
      .metavar("PATH").env("KUBECONFIG").key("kubeconfig").defaultShown("in-cluster, else `~/.kube/config`")
      .help("how to reach the Kubernetes API");
  static final Setting<List<String>> NAMESPACES = Setting.flag("--namespaces", Parsers.commaSeparated(Parsers.dnsLabel()))
      .metavar("a,b").env("VIPPAIR_NAMESPACES").key("namespaces").byDefault("").defaultShown("all")
      .help("namespaces to watch (in agent.yaml a list or a comma-separated string)");
  static final Setting<String> LEASE_NAMESPACE = Setting.flag("--lease-namespace", Parsers.dnsLabel())
      .metavar("NS").env("VIPPAIR_LEASE_NAMESPACE").key("leaseNamespace").byDefault("vippair-system")
      .help("where the agent's Lease lives (must match the operator's `--agent-lease-namespace`)");
  static final Setting<Path> KEEPALIVED_BINARY = Setting.flag("--keepalived-binary",
          Parsers.executableFile("install keepalived (apt-get install keepalived) or give its path"))
      .metavar("PATH").env("VIPPAIR_KEEPALIVED_BINARY").key("keepalivedBinary").byDefault("/usr/sbin/keepalived")
      .help("keepalived to run and to test configurations with");
  static final Setting<KeepalivedMode> KEEPALIVED_MODE = Setting.flag("--keepalived-mode",
          Parsers.oneOf(KeepalivedMode.class, "child (the agent starts keepalived), systemd (the system's keepalived service) "
              + "or external (keepalived started by someone else, e.g. the vippair-keepalived DaemonSet)"))
      .metavar("child").env("VIPPAIR_KEEPALIVED_MODE").key("keepalivedMode").byDefault("child")
      .help("`child`: the agent starts keepalived (it outlives the agent). `systemd`: the system's keepalived service. "
          + "`external`: someone else starts keepalived with the child mode's command line (the DaemonSet); the agent adopts it");
  static final Setting<Path> KEEPALIVED_CONFIG = Setting.flag("--keepalived-config", safePath())
      .metavar("PATH").env("VIPPAIR_KEEPALIVED_CONFIG").key("keepalivedConfig")
      .defaultShown("`<run-dir>/keepalived.conf` (child), `/etc/keepalived/keepalived.conf` (systemd)")
      .help("the file the agent writes");
  static final Setting<String> KEEPALIVED_SERVICE = Setting.flag("--keepalived-service",
          Parsers.matching("^[A-Za-z0-9@._-]{1,200}$", "a systemd unit name such as keepalived"))
      .metavar("UNIT").env("VIPPAIR_KEEPALIVED_SERVICE").key("keepalivedService").byDefault("keepalived")
      .help("the systemd unit (systemd mode)");
  static final Setting<Path> RUN_DIR = Setting.flag("--run-dir", safePath())
      .metavar("DIR").env("VIPPAIR_RUN_DIR").key("runDir").byDefault("/run/vippair")
      .help("keepalived.conf (child mode), the notify FIFO, track files, pid files");
  static final Setting<String> METRICS_ADDRESS = Setting.flag("--metrics-address",
          Parsers.matching(Patterns.IPV4, "an IPv4 address to listen on, e.g. 0.0.0.0 or 127.0.0.1"))
      .metavar("IP").env("VIPPAIR_METRICS_ADDRESS").key("metricsAddress").byDefault("0.0.0.0")
      .help("address of the metrics/health endpoint");
  static final Setting<Integer> METRICS_PORT = Setting.flag("--metrics-port", Parsers.port())
      .metavar("9190").env("VIPPAIR_METRICS_PORT").key("metricsPort").byDefault("9190")
      .help("port of `/metrics` and `/healthz`; `0` turns it off");

  /** Every setting of the agent, in the order of --help and docs/agent.md. */
  public static final Settings SETTINGS = new Settings("vippair-node-agent.jar",
      List.of(MEMBER, MEMBER_FROM_NODE, KUBECONFIG, NAMESPACES, LEASE_NAMESPACE, KEEPALIVED_BINARY, KEEPALIVED_MODE, KEEPALIVED_CONFIG,
          KEEPALIVED_SERVICE, RUN_DIR, METRICS_ADDRESS, METRICS_PORT, LogLevel.SETTING, LogFormat.SETTING),
      List.of(),
      new Settings.ConfigFile("--config", "VIPPAIR_CONFIG", "agent.yaml",
          Map.of(LOCAL_CHECKS, "commands a VipPair may reference by name: `{NAME: {exec: [cmd, arg...], timeoutSeconds: 2}}`",
              NOTIFY_HOOKS, "commands a VipPair's `notifyHooks` may run on VRRP transitions: `{NAME: {exec: [cmd, arg...], timeoutSeconds: 30}}`",
              HEARTBEAT, "liveness datagrams to the operator (docs/agent.md, \"Heartbeat\"): `{targets: [host:port...], keyFile: PATH, intervalMs: 100}`")),
      List.of());

  private AgentSettings() {}

  private static io.vippair.common.config.Parser<Path> safePath() {
    var text = Parsers.matching(SAFE_PATH, "an absolute path of letters, digits and . _ / - (it is written into keepalived.conf)");
    return t -> Path.of(text.parse(t)).normalize();
  }

  /** The usage text printed by --help. */
  public static String usage() {
    return SETTINGS.usage();
  }

  /**
   * The node whose label names the member, when --member is not given (then {@link AgentConfig#member()}
   * is null until the agent has read the node: {@link NodeMember}).
   */
  public static String memberFromNode(String[] args, Map<String, String> env) {
    SettingValues v = SETTINGS.read(Arrays.asList(args), env);
    return v.get(MEMBER) == null ? v.get(MEMBER_FROM_NODE) : null;
  }

  /** Loads from the process's arguments and environment. */
  public static AgentConfig load(String[] args, Map<String, String> env) {
    SettingValues v = SETTINGS.read(Arrays.asList(args), env);
    String member = v.get(MEMBER);
    if (member == null && v.get(MEMBER_FROM_NODE) == null) {
      throw new BadSetting(SETTINGS.describe(MEMBER) + " is required: " + MEMBER.help()
          + " (in a DaemonSet: --member-from-node $(NODE_NAME))");
    }
    Path kubeconfig = v.get(KUBECONFIG);
    List<String> namespaces = v.get(NAMESPACES);
    String leaseNamespace = v.get(LEASE_NAMESPACE);
    KeepalivedMode mode = v.get(KEEPALIVED_MODE);
    Path binary = v.get(KEEPALIVED_BINARY);
    Path runDir = v.get(RUN_DIR);
    Path keepalivedConfig = v.get(KEEPALIVED_CONFIG);
    if (keepalivedConfig == null) {
      keepalivedConfig = mode == KeepalivedMode.SYSTEMD ? SYSTEMD_KEEPALIVED_CONFIG : runDir.resolve("keepalived.conf");
    }
    String service = v.get(KEEPALIVED_SERVICE);
    String metricsAddress = v.get(METRICS_ADDRESS);
    int metricsPort = v.get(METRICS_PORT);
    Map<String, LocalCheck> localChecks = new LinkedHashMap<>();
    commands(v.fileSection(LOCAL_CHECKS), v.fileName(), LOCAL_CHECKS, "healthCheck.local", new int[] {2, 60})
        .forEach((name, c) -> localChecks.put(name, new LocalCheck(name, c.command(), c.timeout())));
    Map<String, NotifyCommand> notifyHooks = new LinkedHashMap<>();
    commands(v.fileSection(NOTIFY_HOOKS), v.fileName(), NOTIFY_HOOKS, "notifyHooks[].hook", new int[] {30, 600})
        .forEach((name, c) -> notifyHooks.put(name, new NotifyCommand(name, c.command(), c.timeout())));
    return new AgentConfig(member, kubeconfig, namespaces, leaseNamespace, binary, mode, keepalivedConfig, service,
        runDir, metricsAddress, metricsPort, localChecks, notifyHooks);
  }

  private record Command(List<String> command, Duration timeout) {}

  /**
   * A section of named commands ({@code localChecks}, {@code notifyHooks}): each a DNS label with
   * an absolute exec path and a timeout.
   *
   * @param timeouts the default and the maximum timeoutSeconds
   */
  private static Map<String, Command> commands(JsonNode node, String configFile, String section, String referencedAs, int[] timeouts) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new BadSetting(section + " in " + configFile + " must be a map: {NAME: {exec: [cmd, arg], timeoutSeconds: "
          + timeouts[0] + "}}");
    }
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey();
      String where = section + "." + name + " in " + configFile;
      if (!name.matches(Patterns.DNS_LABEL)) {
        throw new BadSetting(where + ": the name must be a DNS label (VipPairs reference it as " + referencedAs + ")");
      }
      JsonNode check = entry.getValue();
      JsonNode exec = check == null ? null : check.get("exec");
      if (exec == null || !exec.isArray() || exec.isEmpty()) {
        throw new BadSetting(where + ": needs exec, a non-empty list: the command and its arguments, e.g. [/usr/local/bin/check-mysql, --quick]");
      }
      List<String> command = new ArrayList<>();
      exec.forEach(n -> command.add(n.asText()));
      if (!command.get(0).startsWith("/")) {
        throw new BadSetting(where + ": exec[0] must be an absolute path (" + command.get(0) + "); the agent does not search PATH");
      }
      int timeout = timeouts[0];
      if (check.has("timeoutSeconds")) {
        try {
          timeout = Parsers.integer(1, timeouts[1]).parse(check.get("timeoutSeconds").asText());
        } catch (IllegalArgumentException e) {
          throw new BadSetting(where + ".timeoutSeconds is '" + check.get("timeoutSeconds").asText() + "'; " + e.getMessage());
        }
      }
      for (Iterator<String> keys = check.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("exec") && !key.equals("timeoutSeconds")) {
          throw new BadSetting(where + ": unknown key '" + key + "'; an entry of " + section + " has exec and timeoutSeconds");
        }
      }
      commands.put(name, new Command(command, Duration.ofSeconds(timeout)));
    }
    return commands;
  }
}
