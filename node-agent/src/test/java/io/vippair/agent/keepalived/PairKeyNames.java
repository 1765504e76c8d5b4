package io.vippair.agent.keepalived;

/** The longest names the API server accepts for a VipPair. */
public final class PairKeyNames {
  /** A namespace is a DNS label: at most 63 characters. */
  public static final String LONGEST_NAMESPACE = "n".repeat(62) + "1";
  /** A VipPair name is a DNS subdomain: at most 253 characters, labels of at most 63. */
  public static final String LONGEST_NAME = ("a".repeat(63) + ".").repeat(3) + "b".repeat(61);

  private PairKeyNames() {}
}
