package io.vippair.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line split into positional arguments, value flags and switches, kubectl style:
 * {@code --flag value}, {@code --flag=value}, {@code -n value}. Only the flags a command declares
 * are accepted, so a typo is an error naming the flag instead of being ignored.
 */
public final class Args {
  /** Flags every command accepts (the kubeconfig ones). */
  static final Set<String> GLOBAL_VALUES = Set.of("--kubeconfig", "--context", "--namespace");
  static final Set<String> GLOBAL_SWITCHES = Set.of("--all-namespaces", "--help");

  private final List<String> positional;
  private final Map<String, String> values;
  private final Set<String> switches;

  private Args(List<String> positional, Map<String, String> values, Set<String> switches) {
    this.positional = positional;
    this.values = values;
    this.switches = switches;
  }

  /**
   * @param valueFlags the command's flags that take a value (long form)
   * @param switchFlags the command's flags without a value
   */
  public static Args parse(String command, List<String> args, Set<String> valueFlags, Set<String> switchFlags) {
    List<String> positional = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    java.util.Set<String> switches = new java.util.LinkedHashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        positional.add(a);
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      name = switch (name) {
        case "-n" -> "--namespace";
        case "-A" -> "--all-namespaces";
        case "-h" -> "--help";
        case "-o" -> "--out";
        default -> name;
      };
      if (GLOBAL_VALUES.contains(name) || valueFlags.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageError(name + " needs a value: " + name + " VALUE");
          }
          value = args.get(++i);
        }
        values.put(name, value);
      } else if ((GLOBAL_SWITCHES.contains(name) || switchFlags.contains(name)) && value == null) {
        switches.add(name);
      } else {
        throw new UsageError("unknown flag " + a + " for '" + command + "': run 'vippair " + command + " --help' for its flags");
      }
    }
    return new Args(List.copyOf(positional), values, switches);
  }

  public List<String> positional() {
    return positional;
  }

  public String value(String flag) {
    return values.get(flag);
  }

  public boolean has(String flag) {
    return switches.contains(flag);
  }
}
