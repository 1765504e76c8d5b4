package io.vippair.operator.failover;

/** The one cloud change a decision may ask for. */
public sealed interface CloudAction {
  record None() implements CloudAction {}

  /** Move the VIP from one member's ENI to the other's. */
  record Migrate(String fromMember, String toMember, String reason) implements CloudAction {}

  /** Place the unassigned VIP on a member's ENI. */
  record Assign(String toMember, String reason) implements CloudAction {}

  /** Release the VIP from a member's ENI (deletion with policy Release). */
  record Unassign(String fromMember) implements CloudAction {}

  CloudAction NONE = new None();
}
