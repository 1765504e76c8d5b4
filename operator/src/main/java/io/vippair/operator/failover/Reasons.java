package io.vippair.operator.failover;

/**
 * Every condition reason and event reason the failover decision writes. docs/operator-decision.md
 * explains each one and what to do about it; keep the two in step.
 */
public final class Reasons {
  // Ready
  public static final String VIP_FOLLOWS_MASTER = "VipFollowsMaster";
  public static final String NO_MASTER = "NoMaster";
  public static final String MASTER_UNHEALTHY = "MasterUnhealthy";
  public static final String AWAITING_PROBE = "AwaitingProbe";
  public static final String DELETING = "Deleting";
  public static final String OWNER_UNCONFIRMED = "OwnerUnconfirmed";
  public static final String REDUNDANCY_LOST = "RedundancyLost";

  // CloudSynced
  public static final String IN_SYNC = "InSync";
  public static final String HELD = "Held";
  public static final String MIGRATION_IN_FLIGHT = "MigrationInFlight";
  public static final String CLOUD_MIGRATING = "CloudMigrating";
  public static final String NOT_ASSIGNED = "NotAssigned";
  public static final String CLOUD_CONFLICT = "CloudConflict";
  public static final String CLOUD_UNREACHABLE = "CloudUnreachable";
  public static final String CLOUD_ERROR = "CloudError";
  public static final String NOT_OBSERVED_YET = "NotObservedYet";
  /** Mode HaVip (rule H3): the binding did not follow the master in time. Also a Warning event. */
  public static final String HAVIP_BINDING_LAGS = "HaVipBindingLags";

  // AgentsReporting
  public static final String AGENTS_REPORTING = "AgentsReporting";
  public static final String AGENT_MISSING = "AgentMissing";
  public static final String AGENT_SILENT = "AgentSilent";

  // ConfigApplied
  public static final String CONFIG_APPLIED = "ConfigApplied";
  public static final String CONFIG_PENDING = "ConfigPending";
  public static final String CONFIG_REJECTED = "ConfigRejected";

  // SplitBrain
  public static final String BOTH_MASTER = "BothMaster";
  public static final String PROBING = "Probing";
  public static final String NO_SPLIT_BRAIN = "NoSplitBrain";

  // Paused (rule 24); PAUSED is also the CloudSynced reason while a change is withheld
  public static final String PAUSED = "Paused";
  public static final String CHANGE_WITHHELD = "ChangeWithheld";

  // Switchover (rules 25–27): status.switchover.reason, the Switchover condition and the events
  public static final String SWITCHOVER_STARTED = "SwitchoverStarted";
  public static final String SWITCHOVER_SUCCEEDED = "SwitchoverSucceeded";
  public static final String SWITCHOVER_REFUSED = "SwitchoverRefused";
  public static final String SWITCHOVER_FAILED = "SwitchoverFailed";
  public static final String SWITCHOVER_IN_PROGRESS = "SwitchoverInProgress";
  public static final String SWITCHOVER_ALREADY_THERE = "AlreadyThere";
  public static final String SWITCHOVER_TARGET_NOT_A_MEMBER = "TargetNotAMember";
  public static final String SWITCHOVER_TARGET_SILENT = "TargetSilent";
  public static final String SWITCHOVER_TARGET_UNHEALTHY = "TargetUnhealthy";
  public static final String SWITCHOVER_TARGET_FENCED = "TargetFenced";
  public static final String SWITCHOVER_SOURCE_SILENT = "SourceSilent";
  public static final String SWITCHOVER_CHANGE_IN_FLIGHT = "ChangeInFlight";
  public static final String SWITCHOVER_NOT_SETTLED = "NotSettled";
  public static final String SWITCHOVER_TIMED_OUT = "TimedOut";
  public static final String SWITCHOVER_WITHDRAWN = "Withdrawn";
  public static final String SWITCHOVER_SUPERSEDED = "Superseded";
  public static final String SWITCHOVER_MBB_UNSUPPORTED = "MakeBeforeBreakUnsupported";
  public static final String SWITCHOVER_TARGET_NOT_READY = "TargetNotReady";
  public static final String SWITCHOVER_CLOUD_MOVE_FAILED = "CloudMoveFailed";

  // Why the VIP moved (Migration.reason, LastFailover.reason, vippair_failovers_total{reason})
  public static final String GRACEFUL_HANDOVER = "GracefulHandover";
  public static final String MASTER_SILENT = "MasterSilent";
  /** Rule 16a: the owner's keepalived stopped (STOP) and the VIP went to the BACKUP before it claimed MASTER. */
  public static final String GOODBYE_HANDOVER = "GoodbyeHandover";
  public static final String FOLLOW_MASTER = "FollowMaster";
  public static final String FIRST_PLACEMENT = "FirstPlacement";
  public static final String PLANNED_SWITCHOVER = "PlannedSwitchover";
  public static final String DELETION_RELEASE = "DeletionRelease";

  // Events only
  public static final String FAILOVER = "Failover";
  public static final String ASSIGNED = "Assigned";
  public static final String RELEASED = "Released";
  public static final String SPLIT_BRAIN = "SplitBrain";
  public static final String FENCED = "Fenced";
  public static final String FENCE_LIFTED = "FenceLifted";
  public static final String MIGRATION_FAILED = "MigrationFailed";
  public static final String MIGRATION_TIMED_OUT = "MigrationTimedOut";
  public static final String MIGRATION_LOST = "MigrationLost";
  public static final String MIGRATION_ABANDONED = "MigrationAbandoned";
  public static final String VIP_LEFT_ALONE = "VipLeftAlone";
  /** Mode HaVip (rule H2): the master's agent was asked to announce the VIP again. */
  public static final String ANNOUNCE_REQUESTED = "AnnounceRequested";
  /** Mode HaVip (rule H4): deletion leaves the HAVIP, its binding, scope and EIP as they are. */
  public static final String HAVIP_LEFT_ALONE = "HaVipLeftAlone";

  private Reasons() {}
}
