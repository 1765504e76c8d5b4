package io.vippair.api.v1alpha1;

/** What deleting a VipPair does to its VIP in the cloud. */
public enum DeletionPolicy {
  /** Leave the VIP assigned where it is. */
  Retain,
  /** Unassign the VIP from the ENI that holds it. */
  Release
}
