package io.vippair.operator.failover;

/** Who holds the VIP, in member terms, as the cloud mode reports it (the decision never sees ENIs). */
public sealed interface CloudView {
  /** The VIP sits, settled, on this member's ENI. */
  record OwnedBy(String member) implements CloudView {}

  /** The cloud is moving the VIP; from/to are member names or null when not a member/unknown. */
  record Migrating(String fromMember, String toMember) implements CloudView {}

  /** No ENI in the VPC holds the VIP. */
  record Unassigned() implements CloudView {}

  /** An ENI that is not a member holds the VIP. */
  record Conflict(String foreignEni) implements CloudView {}

  /** The cloud has not been asked about this pair yet (a new pair, or a new leader's first look). */
  record NotObserved() implements CloudView {}

  /** The cloud could not be asked; errorCode is the cloud's code or IOError/Timeout. */
  record Unknown(String reason, String errorCode) implements CloudView {}
}
