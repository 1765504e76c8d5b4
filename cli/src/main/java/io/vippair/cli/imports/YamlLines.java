package io.vippair.cli.imports;

/** Block-style YAML written line by line, so a field can carry its note as a trailing comment. */
final class YamlLines {
  private final StringBuilder out = new StringBuilder();

  YamlLines comment(String text) {
    text.lines().forEach(l -> out.append("# ").append(l).append('\n'));
    return this;
  }

  YamlLines key(int indent, String key) {
    out.append("  ".repeat(indent)).append(key).append(":\n");
    return this;
  }

  YamlLines field(int indent, String key, Object value) {
    return field(indent, key, value, null);
  }

  /** A scalar field; nothing when value is null. A "- " key prefix starts a list item. */
  YamlLines field(int indent, String key, Object value, String note) {
    if (value == null) {
      return this;
    }
    out.append("  ".repeat(indent)).append(key).append(": ").append(scalar(value));
    if (note != null) {
      out.append("   # ").append(note.replace('\n', ' '));
    }
    out.append('\n');
    return this;
  }

  private static String scalar(Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    String s = v.toString();
    // plain when YAML reads it back as this same string; quoted otherwise
    if (s.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") && !s.matches("[0-9.eE+-]+|(?i)true|false|yes|no|on|off|null|y|n|~")
        || s.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
