package io.vippair.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One reading of a program's {@link Settings}: each value comes from its flag, else its
 * environment variable, else the config file, else its default, and is parsed by its setting's
 * parser. A bad value is a {@link BadSetting} that names the setting, the value and the fix.
 */
public final class SettingValues {
  private final Settings settings;
  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final String fileName;
  private final ObjectNode file;
  private final Map<FlagFamily, Map<String, String>> families;

  SettingValues(Settings settings, Map<String, String> flags, Map<String, String> env, String fileName, ObjectNode file,
      Map<FlagFamily, Map<String, String>> families) {
    this.settings = settings;
    this.flags = flags;
    this.env = env;
    this.fileName = fileName;
    this.file = file;
    this.families = families;
  }

  /** The text the user gave (flag, environment or file), or null. */
  public String given(Setting<?> s) {
    if (flags.containsKey(s.flag())) {
      return flags.get(s.flag());
    }
    String fromEnv = s.env() == null ? null : Settings.blankToNull(env.get(s.env()));
    if (fromEnv != null) {
      return fromEnv;
    }
    if (file != null && s.key() != null && file.hasNonNull(s.key())) {
      JsonNode node = file.get(s.key());
      if (node.isArray()) {
        List<String> items = new ArrayList<>();
        node.forEach(n -> items.add(n.asText()));
        return String.join(",", items);
      }
      if (!node.isValueNode()) {
        throw new BadSetting(s.key() + " in " + fileName + " must be a single value or a list, not a map");
      }
      return node.asText();
    }
    return null;
  }

  /** The parsed value: given, else the default; null when neither exists and the setting is optional. */
  public <T> T get(Setting<T> s) {
    String text = given(s);
    if (text == null || (text.isBlank() && s.required())) {
      if (s.required()) {
        throw new BadSetting(settings.describe(s) + " is required: " + s.help());
      }
      text = s.defaultValue();
      if (text == null) {
        return null;
      }
    }
    try {
      return s.parser().parse(text);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage();
      // some parsers (the cloud endpoint) already name the flag in their message
      if (why != null && why.contains(s.flag())) {
        throw new BadSetting(why);
      }
      throw new BadSetting(settings.describe(s) + " is '" + text + "'; " + why);
    }
  }

  /** Every flag of the family given, suffix to text, in suffix order. */
  public Map<String, String> family(FlagFamily f) {
    return families.getOrDefault(f, Map.of());
  }

  /** A section of the config file that is not a single setting (agent.yaml localChecks), or null. */
  public JsonNode fileSection(String key) {
    return file == null ? null : file.get(key);
  }

  /** The config file's name as given, or null. */
  public String fileName() {
    return fileName;
  }
}
