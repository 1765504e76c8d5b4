package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Migration;

/** How a cloud change is named in messages and in status.migration.reason. */
final class Changes {
  private Changes() {}

  static String describe(CloudAction action) {
    if (action instanceof CloudAction.Migrate m) {
      return "moving the VIP from " + m.fromMember() + " to " + m.toMember() + " (MigratePrivateIpAddress)";
    }
    if (action instanceof CloudAction.Assign a) {
      return "assigning the VIP to " + a.toMember() + " (AssignPrivateIpAddresses)";
    }
    if (action instanceof CloudAction.Unassign u) {
      return "releasing the VIP from " + u.fromMember() + " (UnassignPrivateIpAddresses)";
    }
    return "the cloud call";
  }

  static String describe(Migration m) {
    return switch (m.getKind()) {
      case Migrate -> "moving the VIP from " + m.getSource() + " to " + m.getTarget();
      case Assign -> "assigning the VIP to " + m.getTarget();
      case Unassign -> "releasing the VIP from " + m.getSource();
    };
  }

  /** The cloud action that carries out a recorded change. */
  static CloudAction actionOf(Migration m) {
    return switch (m.getKind()) {
      case Migrate -> new CloudAction.Migrate(m.getSource(), m.getTarget(), m.getReason());
      case Assign -> new CloudAction.Assign(m.getTarget(), m.getReason());
      case Unassign -> new CloudAction.Unassign(m.getSource());
    };
  }

  static String reasonOf(CloudAction action) {
    if (action instanceof CloudAction.Migrate m) {
      return m.reason();
    }
    if (action instanceof CloudAction.Assign a) {
      return a.reason();
    }
    return Reasons.DELETION_RELEASE;
  }
}
