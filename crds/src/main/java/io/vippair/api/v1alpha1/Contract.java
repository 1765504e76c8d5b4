package io.vippair.api.v1alpha1;

/** Names the operator and the node agents must agree on beyond the VipPair schema. */
public final class Contract {
  /** Label the operator puts on a VipPair for each member, so an agent can watch only its pairs. */
  public static final String MEMBER_LABEL_PREFIX = "member.vippair.io/";
  /** The finalizer the operator uses to apply the deletion policy. */
  public static final String FINALIZER = "vippair.io/finalizer";
  /** Label on every agent Lease. */
  public static final String AGENT_LEASE_LABEL = "vippair.io/agent";
  /** Agents renew their Lease this often, and the operator treats a Lease older than 3x as expired. */
  public static final int AGENT_LEASE_DURATION_SECONDS = 30;
  public static final int AGENT_LEASE_RENEW_SECONDS = 10;

  private Contract() {}

  /** The member label key for a member name. */
  public static String memberLabel(String member) {
    return MEMBER_LABEL_PREFIX + member;
  }

  /** The name of a member agent's Lease (in the agent's lease namespace). */
  public static String agentLeaseName(String member) {
    return "vippair-agent-" + member;
  }
}
