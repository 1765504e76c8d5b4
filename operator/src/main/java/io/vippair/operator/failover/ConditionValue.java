package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.FALSE;
import static io.vippair.operator.failover.StatusConditions.TRUE;
import static io.vippair.operator.failover.StatusConditions.UNKNOWN;

import io.vippair.api.v1alpha1.Conditions;

/**
 * One condition as a rule sets it. Built only through the typed constructors below, one class
 * per condition type, so a reason can only appear under the condition and status it belongs to
 * (the table in docs/operator-decision.md, "Conditions and reasons").
 */
record ConditionValue(String type, String status, String reason, String message) {

  /** Ready: True only when nothing needs attention; otherwise the most urgent finding. */
  static final class Ready {
    private Ready() {}

    static ConditionValue followsMaster(String message) {
      return new ConditionValue(Conditions.READY, TRUE, Reasons.VIP_FOLLOWS_MASTER, message);
    }

    static ConditionValue notReady(String reason, String message) {
      return new ConditionValue(Conditions.READY, FALSE, reason, message);
    }
  }

  /** CloudSynced: whether the cloud has the VIP where the decision wants it. */
  static final class CloudSynced {
    private CloudSynced() {}

    static ConditionValue inSync(String master) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, TRUE, Reasons.IN_SYNC,
          "the VIP is on " + master + "'s ENI, as the master needs");
    }

    static ConditionValue held(String owner, String why) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, TRUE, Reasons.HELD, "the VIP stays on " + owner + "'s ENI " + why);
    }

    static ConditionValue inFlight(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, FALSE, Reasons.MIGRATION_IN_FLIGHT, message);
    }

    static ConditionValue cloudMigrating(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, FALSE, Reasons.CLOUD_MIGRATING, message);
    }

    static ConditionValue notAssigned(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, FALSE, Reasons.NOT_ASSIGNED, message);
    }

    static ConditionValue conflict(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, FALSE, Reasons.CLOUD_CONFLICT, message);
    }

    /** A cloud change was refused or failed; the message carries the cloud's code. */
    static ConditionValue callFailed(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, FALSE, Reasons.CLOUD_ERROR, message);
    }

    /** Rule 24: the cloud is not where the master needs it, and the pair is paused. */
    static ConditionValue paused(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, FALSE, Reasons.PAUSED, message);
    }

    /** The fleet observer has not looked at this pair yet. */
    static ConditionValue notObserved(String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, UNKNOWN, Reasons.NOT_OBSERVED_YET, message);
    }

    /** The cloud could not be asked who holds the VIP. */
    static ConditionValue unknown(boolean unreachable, String message) {
      return new ConditionValue(Conditions.CLOUD_SYNCED, UNKNOWN,
          unreachable ? Reasons.CLOUD_UNREACHABLE : Reasons.CLOUD_ERROR, message);
    }
  }

  /** AgentsReporting: both agents have reported and renew their Leases. */
  static final class AgentsReporting {
    private AgentsReporting() {}

    static ConditionValue reporting() {
      return new ConditionValue(Conditions.AGENTS_REPORTING, TRUE, Reasons.AGENTS_REPORTING,
          "both agents report and renew their Leases");
    }

    static ConditionValue missing(String message) {
      return new ConditionValue(Conditions.AGENTS_REPORTING, FALSE, Reasons.AGENT_MISSING, message);
    }

    static ConditionValue silent(String message) {
      return new ConditionValue(Conditions.AGENTS_REPORTING, FALSE, Reasons.AGENT_SILENT, message);
    }
  }

  /** ConfigApplied: both members run keepalived with the current generation. */
  static final class ConfigApplied {
    private ConfigApplied() {}

    static ConditionValue applied(long generation) {
      return new ConditionValue(Conditions.CONFIG_APPLIED, TRUE, Reasons.CONFIG_APPLIED,
          "both members run generation " + generation);
    }

    static ConditionValue pending(String message) {
      return new ConditionValue(Conditions.CONFIG_APPLIED, FALSE, Reasons.CONFIG_PENDING, message);
    }

    static ConditionValue rejected(String message) {
      return new ConditionValue(Conditions.CONFIG_APPLIED, FALSE, Reasons.CONFIG_REJECTED, message);
    }
  }

  /** SplitBrain: both members alive and claiming MASTER. */
  static final class SplitBrain {
    private SplitBrain() {}

    static ConditionValue none(String message) {
      return new ConditionValue(Conditions.SPLIT_BRAIN, FALSE, Reasons.NO_SPLIT_BRAIN, message);
    }

    static ConditionValue probing(String message) {
      return new ConditionValue(Conditions.SPLIT_BRAIN, UNKNOWN, Reasons.PROBING, message);
    }

    static ConditionValue bothMaster(String message) {
      return new ConditionValue(Conditions.SPLIT_BRAIN, TRUE, Reasons.BOTH_MASTER, message);
    }
  }

  /** Paused (rule 24): present only while spec.paused is true; says what the operator would do. */
  static final class Paused {
    private Paused() {}

    static ConditionValue nothingWithheld(String message) {
      return new ConditionValue(Conditions.PAUSED, TRUE, Reasons.PAUSED, message);
    }

    static ConditionValue changeWithheld(String message) {
      return new ConditionValue(Conditions.PAUSED, TRUE, Reasons.CHANGE_WITHHELD, message);
    }
  }

  /** Switchover: the last planned switchover; present once one was requested. */
  static final class Switchover {
    private Switchover() {}

    static ConditionValue of(io.vippair.api.v1alpha1.SwitchoverPhase phase, String reason, String message) {
      String status = switch (phase) {
        case Succeeded -> TRUE;
        case Refused, Failed -> FALSE;
        case Pending, InProgress -> UNKNOWN;
      };
      return new ConditionValue(Conditions.SWITCHOVER, status, reason, message);
    }
  }
}
