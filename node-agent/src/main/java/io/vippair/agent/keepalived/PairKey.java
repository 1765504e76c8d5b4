package io.vippair.agent.keepalived;

import java.util.Optional;

/**
 * A VipPair's identity, and the keepalived instance name derived from it. Namespaces and names
 * never contain '_', so "VP_" + namespace + "_" + name can be read back unambiguously.
 */
public record PairKey(String namespace, String name) implements Comparable<PairKey> {
  private static final String PREFIX = "VP_";

  /** The keepalived vrrp_instance name, e.g. VP_db_mysql-prod. */
  public String instanceName() {
    return PREFIX + namespace + "_" + name;
  }

  /** The key an instance name was made from, or empty when it is not one of ours. */
  public static Optional<PairKey> fromInstanceName(String instance) {
    if (!instance.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = instance.substring(PREFIX.length());
    int sep = rest.indexOf('_');
    if (sep <= 0 || sep == rest.length() - 1) {
      return Optional.empty();
    }
    return Optional.of(new PairKey(rest.substring(0, sep), rest.substring(sep + 1)));
  }

  @Override
  public int compareTo(PairKey o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
