package io.vippair.common.config;

/**
 * Flags that share a prefix and name something after it, e.g. {@code --rate-limit-<Action> 20}:
 * read as a map from the suffix to the text; the program parses each entry.
 *
 * @param suffix how the name after the prefix reads in usage and docs, e.g. {@code <Action>}
 */
public record FlagFamily(String prefix, String suffix, String metavar, String defaultShown, String help) {
  public FlagFamily {
    if (!prefix.startsWith("--") || !prefix.endsWith("-")) {
      throw new IllegalArgumentException("a flag family prefix looks like --rate-limit-: " + prefix);
    }
  }
}
