package io.vippair.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A program's settings: every {@link Setting} once, read from flags over environment over an
 * optional YAML file over defaults, printed by --help and rendered into the docs' table (a test
 * compares the table in docs/*.md with {@link #markdownTable()}).
 */
public final class Settings {

  /** The optional config file: the flag and environment variable naming it, and how docs call it. */
  public record ConfigFile(String flag, String env, String label, Map<String, String> sections) {
    public ConfigFile {
      sections = Map.copyOf(sections);
    }
  }

  private final String jar;
  private final List<Setting<?>> settings;
  private final List<FlagFamily> families;
  private final ConfigFile file;
  private final List<DocRow> extraRows;

  /**
   * @param jar the jar's file name, for the usage line
   * @param file the config file, or null when the program reads none
   * @param extraRows rows the docs' table shows after the settings (environment read elsewhere)
   */
  public Settings(String jar, List<Setting<?>> settings, List<FlagFamily> families, ConfigFile file, List<DocRow> extraRows) {
    this.jar = Objects.requireNonNull(jar);
    this.settings = List.copyOf(settings);
    this.families = List.copyOf(families);
    this.file = file;
    this.extraRows = List.copyOf(extraRows);
    List<String> flags = new ArrayList<>();
    this.settings.forEach(s -> flags.add(s.flag()));
    if (file != null) {
      flags.add(file.flag());
    }
    if (flags.stream().distinct().count() != flags.size()) {
      throw new IllegalArgumentException("a flag is defined twice: " + flags);
    }
  }

  public List<Setting<?>> all() {
    return settings;
  }

  /** Whether the arguments ask for the usage text. */
  public static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  /** Whether the arguments ask for the version. */
  public static boolean wantsVersion(List<String> args) {
    return args.contains("--version");
  }

  /** "--flag (env X, agent.yaml key)": every way to set it, for error messages. */
  public String describe(Setting<?> s) {
    List<String> also = new ArrayList<>();
    if (s.env() != null) {
      also.add("env " + s.env());
    }
    if (s.key() != null && file != null) {
      also.add(file.label() + " " + s.key());
    }
    return also.isEmpty() ? s.flag() : s.flag() + " (" + String.join(", ", also) + ")";
  }

  /** Reads the arguments, the environment and the config file they name; nothing is parsed yet. */
  public SettingValues read(List<String> args, Map<String, String> env) {
    Map<String, String> flags = new LinkedHashMap<>();
    Map<FlagFamily, Map<String, String>> familyValues = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new BadSetting("unexpected argument '" + arg + "'; every setting is a flag with a value, see --help");
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      FlagFamily family = familyOf(name);
      if (family == null && !isFlag(name)) {
        throw new BadSetting("unknown flag '" + name + "'; run with --help for the list");
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new BadSetting(name + " needs a value, e.g. " + name + " " + example(name, family));
        }
        value = args.get(++i);
      }
      if (family != null) {
        String suffix = name.substring(family.prefix().length());
        if (suffix.isEmpty()) {
          throw new BadSetting(name + ": name what it is for after the prefix, e.g. " + family.prefix() + family.suffix() + " " + family.metavar());
        }
        familyValues.computeIfAbsent(family, f -> new TreeMap<>()).put(suffix, value);
      } else {
        flags.put(name, value);
      }
    }
    String fileName = null;
    ObjectNode fileRoot = null;
    if (file != null) {
      fileName = flags.containsKey(file.flag()) ? flags.get(file.flag()) : blankToNull(env.get(file.env()));
      if (fileName != null) {
        fileRoot = readYaml(Path.of(fileName));
        rejectUnknownKeys(fileRoot, fileName);
      }
    }
    return new SettingValues(this, flags, env, fileName, fileRoot, familyValues);
  }

  private boolean isFlag(String name) {
    return (file != null && file.flag().equals(name)) || settings.stream().anyMatch(s -> s.flag().equals(name));
  }

  private FlagFamily familyOf(String name) {
    return families.stream().filter(f -> name.startsWith(f.prefix())).findFirst().orElse(null);
  }

  private String example(String flag, FlagFamily family) {
    if (family != null) {
      return family.metavar();
    }
    return settings.stream().filter(s -> s.flag().equals(flag)).findFirst()
        .map(s -> s.defaultValue() != null && !s.defaultValue().isEmpty() ? s.defaultValue() : s.metavar())
        .orElse("PATH");
  }

  private ObjectNode readYaml(Path path) {
    try {
      var mapper = new ObjectMapper(new YAMLFactory());
      // a key written twice is a mistake whichever value was meant; say so instead of picking one
      mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonNode root = mapper.readTree(Files.readString(path));
      if (root == null || root.isMissingNode() || root.isNull()) {
        return mapper.createObjectNode();
      }
      if (!root.isObject()) {
        throw new BadSetting(file.flag() + " " + path + ": the file must be a YAML map of settings (key: value)");
      }
      return (ObjectNode) root;
    } catch (IOException e) {
      throw new BadSetting(file.flag() + " " + path + ": cannot read it as YAML: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private void rejectUnknownKeys(ObjectNode root, String fileName) {
    List<String> allowed = new ArrayList<>();
    settings.stream().filter(s -> s.key() != null).forEach(s -> allowed.add(s.key()));
    allowed.addAll(file.sections().keySet());
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new BadSetting("unknown setting '" + key + "' in " + fileName + "; known settings: " + String.join(", ", allowed));
      }
    }
  }

  /** The text --help prints. */
  public String usage() {
    StringBuilder b = new StringBuilder("usage: java -jar " + jar + " [flags]\n");
    b.append(String.format(Locale.ROOT, "  %-34s %s%n", "--help, --version", "print this text, or the version, and exit"));
    if (file != null) {
      b.append(usageEntry(file.flag() + " PATH", "a YAML file with the settings marked " + file.label(), file.env(), null, "none"));
    }
    for (Setting<?> s : settings) {
      b.append(usageEntry(s.flag() + " " + s.metavar(), s.help(), s.env(), file == null ? null : s.key(), s.defaultForPeople()));
    }
    for (FlagFamily f : families) {
      b.append(usageEntry(f.prefix() + f.suffix() + " " + f.metavar(), f.help(), null, null, f.defaultShown()));
    }
    if (file != null) {
      new java.util.TreeMap<>(file.sections()).forEach((key, help) -> b.append(usageEntry("(" + file.label() + " only) " + key, help, null, null, "none")));
    }
    return b.toString().replace("`", "");
  }

  private String usageEntry(String flag, String help, String env, String key, String dflt) {
    StringBuilder where = new StringBuilder();
    if (env != null) {
      where.append("env ").append(env).append(", ");
    }
    if (key != null) {
      where.append(file.label()).append(' ').append(key).append(", ");
    }
    return String.format(Locale.ROOT, "  %-34s %s%n  %-34s   %sdefault %s%n", flag, help, "", where, dflt);
  }

  /** The settings table of the docs, one row per setting, then the extra rows. */
  public String markdownTable() {
    StringBuilder b = new StringBuilder();
    boolean withFile = file != null;
    b.append(withFile ? "| flag | environment | " + file.label() + " | default | meaning |\n|---|---|---|---|---|\n"
        : "| flag | environment | default | meaning |\n|---|---|---|---|\n");
    if (withFile) {
      row(b, file.flag() + " PATH", file.env(), null, "none", "a YAML file of settings: the " + file.label() + " column names their keys");
    }
    for (Setting<?> s : settings) {
      row(b, s.flag() + " " + s.metavar(), s.env(), s.key(), s.defaultForPeople(), s.help());
    }
    for (FlagFamily f : families) {
      row(b, f.prefix() + f.suffix() + " " + f.metavar(), null, null, f.defaultShown(), f.help());
    }
    for (DocRow r : extraRows) {
      row(b, r.flag(), r.env(), r.key(), r.defaultShown(), r.help());
    }
    if (withFile) {
      // sorted: the sections are a Map.copyOf, whose order changes from run to run
      new java.util.TreeMap<>(file.sections()).forEach((key, help) -> row(b, null, null, key, "none", help));
    }
    return b.toString();
  }

  private void row(StringBuilder b, String flag, String env, String key, String dflt, String help) {
    b.append("| ").append(code(flag)).append(" | ").append(code(env)).append(" | ");
    if (file != null) {
      b.append(code(key)).append(" | ");
    }
    b.append(dflt).append(" | ").append(help).append(" |\n");
  }

  /** A cell of names in code font: "a, b" becomes "`a`, `b`"; none is a dash. */
  private static String code(String s) {
    return s == null ? "—" : "`" + s.replace(", ", "`, `") + "`";
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
