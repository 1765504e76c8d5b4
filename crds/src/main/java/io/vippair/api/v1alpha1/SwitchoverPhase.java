package io.vippair.api.v1alpha1;

/** Where a planned switchover stands (status.switchover.phase). */
public enum SwitchoverPhase {
  /** Seen, waiting for the operator's first look at the cloud before it is accepted or refused. */
  Pending,
  /** Accepted: the current master is told to step down and the VIP follows the target. */
  InProgress,
  /** The target is the VRRP master and the cloud confirmed the VIP on its ENI. */
  Succeeded,
  /** Not started: the reason says what stood in the way; nothing was changed. */
  Refused,
  /** Started but not completed; what the operator set for it was lifted. */
  Failed;

  /** Whether the request is answered for good (a nonce in such a phase is never carried out again). */
  public boolean finished() {
    return this == Succeeded || this == Refused || this == Failed;
  }
}
