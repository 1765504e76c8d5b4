package io.vippair.common.config;

import java.util.Objects;

/**
 * One setting, written once: its flag, environment variable, config file key, default, help and
 * parser. {@link Settings} reads it (flag over environment over file over default), prints it in
 * --help and renders it into the docs' tables.
 *
 * @param flag e.g. {@code --resync-period}
 * @param metavar what the value looks like in usage and docs, e.g. {@code 60s}, {@code PATH}
 * @param env the environment variable, or null
 * @param key the config file key, or null (no file, or not settable there)
 * @param defaultValue the default as text, parsed like any value; null when there is none
 * @param defaultShown how the default reads in --help and docs (computed defaults say how)
 * @param required whether a value must be given (then {@code help} says what to give)
 */
public record Setting<T>(String flag, String metavar, String env, String key, String defaultValue,
    String defaultShown, String help, boolean required, Parser<T> parser) {

  public Setting {
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(help, "help");
    Objects.requireNonNull(parser, "parser");
    if (!flag.startsWith("--")) {
      throw new IllegalArgumentException("a flag starts with --: " + flag);
    }
  }

  public static <T> Builder<T> flag(String flag, Parser<T> parser) {
    return new Builder<>(flag, parser);
  }

  /** How the default reads for people: the text given, or the value, or "none". */
  public String defaultForPeople() {
    if (defaultShown != null) {
      return defaultShown;
    }
    if (required) {
      return "(required)";
    }
    return defaultValue == null || defaultValue.isEmpty() ? "none" : "`" + defaultValue + "`";
  }

  /** Builds a {@link Setting}; flag, parser and help are needed, the rest is optional. */
  public static final class Builder<T> {
    private final String flag;
    private final Parser<T> parser;
    private String metavar = "VALUE";
    private String env;
    private String key;
    private String defaultValue;
    private String defaultShown;
    private String help;
    private boolean required;

    private Builder(String flag, Parser<T> parser) {
      this.flag = flag;
      this.parser = parser;
    }

    public Builder<T> metavar(String value) {
      this.metavar = value;
      return this;
    }

    public Builder<T> env(String name) {
      this.env = name;
      return this;
    }

    public Builder<T> key(String fileKey) {
      this.key = fileKey;
      return this;
    }

    /** The default, as text the parser reads. */
    public Builder<T> byDefault(String text) {
      this.defaultValue = text;
      return this;
    }

    /** How a default the code computes (or the absence of a value) reads in --help and docs. */
    public Builder<T> defaultShown(String text) {
      this.defaultShown = text;
      return this;
    }

    public Builder<T> required() {
      this.required = true;
      return this;
    }

    public Setting<T> help(String text) {
      this.help = text;
      return new Setting<>(flag, metavar, env, key, defaultValue, defaultShown, help, required, parser);
    }
  }
}
