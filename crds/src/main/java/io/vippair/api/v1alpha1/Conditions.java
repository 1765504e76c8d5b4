package io.vippair.api.v1alpha1;

import java.util.List;

/** The fixed set of VipPair condition types. */
public final class Conditions {
  /** The VIP is on the master's ENI, the agents report, nothing needs attention. */
  public static final String READY = "Ready";
  /** The cloud's owner of the VIP is the member the operator wants; no change in flight. */
  public static final String CLOUD_SYNCED = "CloudSynced";
  /** Both agents report and are alive. */
  public static final String AGENTS_REPORTING = "AgentsReporting";
  /** Both agents run keepalived with the current spec generation. */
  public static final String CONFIG_APPLIED = "ConfigApplied";
  /** Both members are alive and claim MASTER. */
  public static final String SPLIT_BRAIN = "SplitBrain";

  /**
   * Another VipPair names the same VIP in the same VPC. Present only while that is so, on both
   * pairs: the one that claimed it first keeps working, the other makes no change.
   */
  public static final String DUPLICATE_VIP = "DuplicateVip";

  /**
   * spec.paused is true: the operator makes no cloud change and sets no fence for the pair; the
   * message says what it would do. Present only while the pair is paused.
   */
  public static final String PAUSED = "Paused";

  /**
   * The last planned switchover (spec.switchover): True when it succeeded, Unknown while it runs,
   * False when it was refused or failed, with the reason and message of status.switchover.
   * Present only once a switchover was requested.
   */
  public static final String SWITCHOVER = "Switchover";

  /** The conditions every pair carries (DuplicateVip and Paused only appear while they are true). */
  public static final List<String> ALL = List.of(READY, CLOUD_SYNCED, AGENTS_REPORTING, CONFIG_APPLIED, SPLIT_BRAIN);

  private Conditions() {}
}
