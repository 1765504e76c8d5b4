package io.vippair.common.config;

import io.vippair.common.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The parsers settings are built from; each failure says what to write instead. */
public final class Parsers {

  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final String LABEL_NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String LABEL_KEY = "([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?" + LABEL_NAME;
  private static final String LABEL_VALUE = "(" + LABEL_NAME + ")?";
  private static final Pattern SELECTOR_REQUIREMENT = Pattern.compile("^\\s*(!?\\s*" + LABEL_KEY
      + "|" + LABEL_KEY + "\\s*(=|==|!=)\\s*" + LABEL_VALUE
      + "|" + LABEL_KEY + "\\s+(in|notin)\\s*\\(\\s*" + LABEL_VALUE + "(\\s*,\\s*" + LABEL_VALUE + ")*\\s*\\))\\s*$");

  private Parsers() {}

  public static Parser<String> text() {
    return String::trim;
  }

  public static Parser<String> matching(String regex, String expected) {
    Pattern pattern = Pattern.compile(regex);
    return text -> {
      if (!pattern.matcher(text).matches()) {
        throw new IllegalArgumentException("it must be " + expected);
      }
      return text;
    };
  }

  /** A Kubernetes namespace (or any DNS label). */
  public static Parser<String> dnsLabel() {
    return text -> {
      String t = text.trim();
      if (!DNS_LABEL.matcher(t).matches()) {
        throw new IllegalArgumentException("'" + t + "' is not a namespace name; use lower-case letters, digits and '-', at most 63 characters");
      }
      return t;
    };
  }

  /**
   * A Kubernetes label selector ({@code app=db,tier!=cache,env in (a,b),!legacy}), checked here
   * so a typo stops the program at start instead of matching nothing.
   */
  public static Parser<String> labelSelector() {
    return text -> {
      String t = text.trim();
      int depth = 0;
      int start = 0;
      for (int i = 0; i <= t.length(); i++) {
        char c = i < t.length() ? t.charAt(i) : ',';
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (c == ',' && depth == 0) {
          String requirement = t.substring(start, i);
          if (!SELECTOR_REQUIREMENT.matcher(requirement).matches()) {
            throw new IllegalArgumentException("'" + requirement.trim() + "' is not a label selector requirement; write e.g. "
                + "vippair.io/shard=a, tier!=cache, env in (prod,stage) or !legacy, separated by commas");
          }
          start = i + 1;
        }
      }
      return t;
    };
  }

  /** A readable file that parses as a YAML map (a kubeconfig): a broken file stops the program at start. */
  public static Parser<Path> yamlMapFile(String fix) {
    Parser<Path> readable = readableFile(fix);
    return text -> {
      Path p = readable.parse(text);
      try {
        var root = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(Files.readString(p));
        if (root == null || !root.isObject()) {
          throw new IllegalArgumentException("the file is not a YAML map; " + fix);
        }
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("the file is not YAML (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
            + "); " + fix);
      }
      return p;
    };
  }

  /** A comma-separated list; blank items are skipped, so an empty text is an empty list. */
  public static <T> Parser<List<T>> commaSeparated(Parser<T> item) {
    return text -> {
      List<T> items = new ArrayList<>();
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          items.add(item.parse(part.trim()));
        }
      }
      return List.copyOf(items);
    };
  }

  public static Parser<Duration> duration(Duration min, Duration max) {
    return text -> {
      Duration d = Durations.parse(text).orElseThrow(
          () -> new IllegalArgumentException("write a duration such as " + Durations.EXAMPLES));
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException("out of range; use a value from " + Durations.format(min) + " to " + Durations.format(max));
      }
      return d;
    };
  }

  public static Parser<Integer> integer(int min, int max) {
    return text -> {
      try {
        int n = Integer.parseInt(text.trim());
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("it must be a whole number from " + min + " to " + max);
    };
  }

  /** A TCP port; 0 means "any free port" or "off", as the setting's help says. */
  public static Parser<Integer> port() {
    return integer(0, 65535);
  }

  public static Parser<Boolean> bool() {
    return text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("write true or false");
    };
  }

  /** An enum constant by its lower-case name; {@code expected} explains each choice. */
  public static <E extends Enum<E>> Parser<E> oneOf(Class<E> type, String expected) {
    return text -> {
      try {
        return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("use " + expected);
      }
    };
  }

  public static Parser<Path> readableFile(String fix) {
    return text -> {
      Path p = Path.of(text.trim());
      if (!Files.isReadable(p) || Files.isDirectory(p)) {
        throw new IllegalArgumentException("no readable file there; " + fix);
      }
      return p;
    };
  }

  public static Parser<Path> executableFile(String fix) {
    return text -> {
      Path p = Path.of(text.trim());
      if (!Files.isExecutable(p) || Files.isDirectory(p)) {
        throw new IllegalArgumentException("not an executable file; " + fix);
      }
      return p;
    };
  }
}
