package io.vippair.api.v1alpha1;

/** What the operator does while both members are alive and both claim MASTER. */
public enum SplitBrainPolicy {
  /** Keep the VIP where the cloud has it and report the split brain. */
  Hold,
  /** As Hold, and make the member that does not hold the VIP step down (keepalived FAULT). */
  FenceNonOwner
}
