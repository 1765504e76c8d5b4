package io.vippair.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vippair.api.v1alpha1.Patterns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@link AgentConfig} from flags, environment variables and an optional YAML file
 * ({@code --config}). A flag wins over the environment, the environment over the file, the file
 * over the default. Anything wrong is a {@link ConfigException} that names the setting.
 */
public final class ConfigLoader {

  /** One setting and the three places it can come from. */
  private enum Setting {
    MEMBER("member", "--member", "VIPPAIR_MEMBER", null),
    KUBECONFIG("kubeconfig", "--kubeconfig", "KUBECONFIG", null),
    NAMESPACES("namespaces", "--namespaces", "VIPPAIR_NAMESPACES", ""),
    LEASE_NAMESPACE("leaseNamespace", "--lease-namespace", "VIPPAIR_LEASE_NAMESPACE", "vippair-system"),
    KEEPALIVED_BINARY("keepalivedBinary", "--keepalived-binary", "VIPPAIR_KEEPALIVED_BINARY", "/usr/sbin/keepalived"),
    KEEPALIVED_MODE("keepalivedMode", "--keepalived-mode", "VIPPAIR_KEEPALIVED_MODE", "child"),
    KEEPALIVED_CONFIG("keepalivedConfig", "--keepalived-config", "VIPPAIR_KEEPALIVED_CONFIG", null),
    KEEPALIVED_SERVICE("keepalivedService", "--keepalived-service", "VIPPAIR_KEEPALIVED_SERVICE", "keepalived"),
    RUN_DIR("runDir", "--run-dir", "VIPPAIR_RUN_DIR", "/run/vippair"),
    METRICS_ADDRESS("metricsAddress", "--metrics-address", "VIPPAIR_METRICS_ADDRESS", "0.0.0.0"),
    METRICS_PORT("metricsPort", "--metrics-port", "VIPPAIR_METRICS_PORT", "9190");

    final String yamlKey;
    final String flag;
    final String env;
    final String defaultValue;

    Setting(String yamlKey, String flag, String env, String defaultValue) {
      this.yamlKey = yamlKey;
      this.flag = flag;
      this.env = env;
      this.defaultValue = defaultValue;
    }

    String describe() {
      return flag + " (env " + env + ", agent.yaml " + yamlKey + ")";
    }
  }

  private static final String CONFIG_FLAG = "--config";
  private static final String CONFIG_ENV = "VIPPAIR_CONFIG";
  private static final String LOCAL_CHECKS_KEY = "localChecks";
  /** keepalived.conf has no quoting we can rely on: paths written into it must not contain syntax. */
  private static final String SAFE_PATH = "^/[A-Za-z0-9._/-]*$";
  private static final Path SYSTEMD_KEEPALIVED_CONFIG = Path.of("/etc/keepalived/keepalived.conf");

  private ConfigLoader() {}

  /** The usage text printed by --help. */
  public static String usage() {
    var sb = new StringBuilder("Usage: java -jar vippair-node-agent.jar [--config agent.yaml] [flags]\n\nFlags (env var, agent.yaml key, default):\n");
    sb.append(String.format("  %-22s %-28s %-18s %s%n", CONFIG_FLAG, CONFIG_ENV, "-", "(none)"));
    for (Setting s : Setting.values()) {
      sb.append(String.format("  %-22s %-28s %-18s %s%n", s.flag, s.env, s.yamlKey,
          s.defaultValue == null ? "(none)" : s.defaultValue.isEmpty() ? "(all)" : s.defaultValue));
    }
    sb.append("\nlocalChecks (agent.yaml only): {NAME: {exec: [cmd, arg...], timeoutSeconds: 2}}\n");
    return sb.toString();
  }

  /** Loads from the process's arguments and environment. */
  public static AgentConfig load(String[] args, Map<String, String> env) {
    Map<String, String> flags = parseFlags(args);
    String configFile = flags.containsKey(CONFIG_FLAG) ? flags.remove(CONFIG_FLAG) : env.get(CONFIG_ENV);
    JsonNode file = configFile == null || configFile.isBlank() ? null : readYaml(Path.of(configFile));

    Function<Setting, String> value = s -> {
      if (flags.containsKey(s.flag)) {
        return flags.get(s.flag);
      }
      String fromEnv = env.get(s.env);
      if (fromEnv != null && !fromEnv.isBlank()) {
        return fromEnv;
      }
      if (file != null && file.hasNonNull(s.yamlKey)) {
        JsonNode node = file.get(s.yamlKey);
        if (node.isArray()) {
          List<String> items = new ArrayList<>();
          node.forEach(n -> items.add(n.asText()));
          return String.join(",", items);
        }
        if (!node.isValueNode()) {
          throw new ConfigException(s.yamlKey + " in " + configFile + " must be a single value, not a map");
        }
        return node.asText();
      }
      return s.defaultValue;
    };

    String member = value.apply(Setting.MEMBER);
    if (member == null || member.isBlank()) {
      throw new ConfigException("the member name is required: set " + Setting.MEMBER.describe()
          + " to the name this VM has in its VipPairs' spec.members");
    }
    requireMatch(Setting.MEMBER, member, Patterns.DNS_LABEL, "a DNS label (lowercase letters, digits and '-', at most 63)");

    String kubeconfigValue = value.apply(Setting.KUBECONFIG);
    Path kubeconfig = null;
    if (kubeconfigValue != null && !kubeconfigValue.isBlank()) {
      kubeconfig = Path.of(kubeconfigValue);
      if (!Files.isReadable(kubeconfig)) {
        throw new ConfigException(Setting.KUBECONFIG.describe() + ": cannot read " + kubeconfig
            + "; give the path of a readable kubeconfig file, or leave it unset to use in-cluster credentials");
      }
    }

    List<String> namespaces = new ArrayList<>();
    for (String ns : value.apply(Setting.NAMESPACES).split(",")) {
      if (!ns.isBlank()) {
        requireMatch(Setting.NAMESPACES, ns.trim(), Patterns.DNS_LABEL, "a comma-separated list of namespace names (empty = all)");
        namespaces.add(ns.trim());
      }
    }

    String leaseNamespace = value.apply(Setting.LEASE_NAMESPACE);
    requireMatch(Setting.LEASE_NAMESPACE, leaseNamespace, Patterns.DNS_LABEL, "a namespace name");

    KeepalivedMode mode;
    try {
      mode = KeepalivedMode.valueOf(value.apply(Setting.KEEPALIVED_MODE).trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Setting.KEEPALIVED_MODE.describe() + " is '" + value.apply(Setting.KEEPALIVED_MODE)
          + "'; use child (keepalived runs as the agent's child) or systemd (the system's keepalived service)");
    }

    Path binary = Path.of(value.apply(Setting.KEEPALIVED_BINARY));
    if (!Files.isExecutable(binary)) {
      throw new ConfigException(Setting.KEEPALIVED_BINARY.describe() + ": " + binary
          + " is not an executable file; install keepalived (apt-get install keepalived) or give its path");
    }

    String runDirValue = value.apply(Setting.RUN_DIR);
    requireMatch(Setting.RUN_DIR, runDirValue, SAFE_PATH, "an absolute path of letters, digits and . _ / - (it is written into keepalived.conf)");
    Path runDir = Path.of(runDirValue).normalize();

    String keepalivedConfigValue = value.apply(Setting.KEEPALIVED_CONFIG);
    Path keepalivedConfig;
    if (keepalivedConfigValue == null || keepalivedConfigValue.isBlank()) {
      keepalivedConfig = mode == KeepalivedMode.SYSTEMD ? SYSTEMD_KEEPALIVED_CONFIG : runDir.resolve("keepalived.conf");
    } else {
      requireMatch(Setting.KEEPALIVED_CONFIG, keepalivedConfigValue, SAFE_PATH, "an absolute path of letters, digits and . _ / -");
      keepalivedConfig = Path.of(keepalivedConfigValue).normalize();
    }

    String service = value.apply(Setting.KEEPALIVED_SERVICE);
    requireMatch(Setting.KEEPALIVED_SERVICE, service, "^[A-Za-z0-9@._-]{1,200}$", "a systemd unit name such as keepalived");

    String metricsAddress = value.apply(Setting.METRICS_ADDRESS);
    requireMatch(Setting.METRICS_ADDRESS, metricsAddress, Patterns.IPV4, "an IPv4 address to listen on, e.g. 0.0.0.0 or 127.0.0.1");
    int metricsPort = parseInt(Setting.METRICS_PORT, value.apply(Setting.METRICS_PORT), 0, 65535);

    Map<String, LocalCheck> localChecks = file == null ? Map.of() : localChecks(file.get(LOCAL_CHECKS_KEY), configFile);

    if (file != null) {
      rejectUnknownKeys(file, configFile);
    }
    return new AgentConfig(member, kubeconfig, namespaces, leaseNamespace, binary, mode, keepalivedConfig, service,
        runDir, metricsAddress, metricsPort, localChecks);
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    var known = new ArrayList<String>();
    known.add(CONFIG_FLAG);
    Arrays.stream(Setting.values()).forEach(s -> known.add(s.flag));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String val;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        val = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        val = args[++i];
      } else {
        throw new ConfigException((known.contains(arg) ? "flag " + arg + " needs a value" : "unknown argument " + arg)
            + "; run with --help for the list");
      }
      if (!known.contains(name)) {
        throw new ConfigException("unknown flag " + name + "; run with --help for the list");
      }
      flags.put(name, val);
    }
    return flags;
  }

  private static JsonNode readYaml(Path path) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(path));
      if (root == null || root.isMissingNode() || root.isNull()) {
        return new ObjectMapper().createObjectNode();
      }
      if (!root.isObject()) {
        throw new ConfigException("--config " + path + ": the file must be a YAML map of settings (member: ..., runDir: ...)");
      }
      return root;
    } catch (IOException e) {
      throw new ConfigException("--config " + path + ": cannot read it as YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static void rejectUnknownKeys(JsonNode file, String configFile) {
    List<String> allowed = new ArrayList<>();
    allowed.add(LOCAL_CHECKS_KEY);
    Arrays.stream(Setting.values()).forEach(s -> allowed.add(s.yamlKey));
    for (Iterator<String> it = file.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new ConfigException("unknown setting '" + key + "' in " + configFile + "; known settings: " + String.join(", ", allowed));
      }
    }
  }

  private static Map<String, LocalCheck> localChecks(JsonNode node, String configFile) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new ConfigException("localChecks in " + configFile + " must be a map: {mysql: {exec: [cmd, arg], timeoutSeconds: 2}}");
    }
    Map<String, LocalCheck> checks = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey();
      String where = "localChecks." + name + " in " + configFile;
      if (!name.matches(Patterns.DNS_LABEL)) {
        throw new ConfigException(where + ": the name must be a DNS label (VipPairs reference it as healthCheck.local)");
      }
      JsonNode check = entry.getValue();
      JsonNode exec = check == null ? null : check.get("exec");
      if (exec == null || !exec.isArray() || exec.isEmpty()) {
        throw new ConfigException(where + ": needs exec, a non-empty list: the command and its arguments, e.g. [/usr/local/bin/check-mysql, --quick]");
      }
      List<String> command = new ArrayList<>();
      exec.forEach(n -> command.add(n.asText()));
      if (!command.get(0).startsWith("/")) {
        throw new ConfigException(where + ": exec[0] must be an absolute path (" + command.get(0) + "); the agent does not search PATH");
      }
      int timeout = 2;
      if (check.has("timeoutSeconds")) {
        timeout = parseIntField(where + ".timeoutSeconds", check.get("timeoutSeconds").asText(), 1, 60);
      }
      for (Iterator<String> keys = check.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("exec") && !key.equals("timeoutSeconds")) {
          throw new ConfigException(where + ": unknown key '" + key + "'; a local check has exec and timeoutSeconds");
        }
      }
      checks.put(name, new LocalCheck(name, command, Duration.ofSeconds(timeout)));
    }
    return checks;
  }

  private static void requireMatch(Setting s, String value, String pattern, String expected) {
    if (value == null || !value.matches(pattern)) {
      throw new ConfigException(s.describe() + " is '" + value + "'; it must be " + expected);
    }
  }

  private static int parseInt(Setting s, String value, int min, int max) {
    return parseIntField(s.describe(), value, min, max);
  }

  private static int parseIntField(String what, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(what + " is '" + value + "'; it must be a whole number from " + min + " to " + max);
    }
  }
}
