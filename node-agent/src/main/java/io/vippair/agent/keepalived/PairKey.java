package io.vippair.agent.keepalived;

import io.vippair.common.logging.LogFields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A VipPair's identity, and the keepalived instance name derived from it. Namespaces and names
 * never contain '_', so "VP_" + namespace + "_" + name can be read back unambiguously.
 *
 * <p>The schema allows a 63-character namespace and a 253-character name; the instance name is
 * also the stem of the pair's track file names, which must stay well under the file system's 255
 * bytes. Names longer than {@link #MAX_PLAIN} therefore become a readable prefix of each part plus
 * a hash of the whole key ({@code VP_<ns prefix>_<name prefix>_<hash>}); such a name has a second
 * '_' and is never mistaken for a plain one. Only plain names can be read back without the watch.
 */
public record PairKey(String namespace, String name) implements Comparable<PairKey>, LogFields {
  private static final String PREFIX = "VP_";
  /** Longest plain instance name; longer ones are shortened (at most 59 characters). */
  static final int MAX_PLAIN = 60;
  private static final int PART = 20;

  /** The keepalived vrrp_instance name, e.g. VP_db_mysql-prod. */
  public String instanceName() {
    String plain = PREFIX + namespace + "_" + name;
    if (plain.length() <= MAX_PLAIN) {
      return plain;
    }
    return PREFIX + cut(namespace) + "_" + cut(name) + "_" + shortHash(namespace + "/" + name);
  }

  /** The key a plain instance name was made from, or empty when it is not ours or shortened. */
  public static Optional<PairKey> fromInstanceName(String instance) {
    if (!instance.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = instance.substring(PREFIX.length());
    int sep = rest.indexOf('_');
    if (sep <= 0 || sep == rest.length() - 1 || rest.indexOf('_', sep + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new PairKey(rest.substring(0, sep), rest.substring(sep + 1)));
  }

  private static String cut(String part) {
    String prefix = part.length() <= PART ? part : part.substring(0, PART);
    return prefix.endsWith(".") || prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /** 12 hex digits of text's SHA-256. */
  static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public int compareTo(PairKey o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  /** A log line that names the pair ("{}: ...", key) gets it as fields in JSON, as the operator's do. */
  @Override
  public Map<String, String> logFields() {
    return Map.of("namespace", namespace, "pair", name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
