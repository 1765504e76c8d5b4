package io.vippair.cli;

/** A VipPair named as NS/NAME, or NAME in the current namespace. */
public record PairRef(String namespace, String name) {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  public static PairRef parse(String text, String defaultNamespace) {
    String[] parts = text.split("/", -1);
    PairRef ref = parts.length == 1 ? new PairRef(defaultNamespace, parts[0])
        : parts.length == 2 ? new PairRef(parts[0], parts[1]) : null;
    if (ref == null || !ref.namespace.matches(LABEL) || !ref.name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new UsageError("'" + text + "' is not a VipPair name: give NAMESPACE/NAME or NAME (lower-case letters, digits, '-')");
    }
    return ref;
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
