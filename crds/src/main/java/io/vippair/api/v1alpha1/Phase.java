package io.vippair.api.v1alpha1;

/** A one-word summary of a VipPair's conditions, for kubectl and dashboards. */
public enum Phase {
  /** Not yet observed, or waiting for the agents' first reports. */
  Pending,
  /** A cloud change is in flight or the VIP does not yet follow the master. */
  Converging,
  /** The VIP is on the master's ENI and both agents report. */
  Ready,
  /** The VIP follows the master but something needs attention (an agent silent, a config rejected). */
  Degraded,
  /** Both members are alive and claim MASTER; the VIP is held where the cloud has it. */
  SplitBrain,
  /** The pair cannot converge without a person: invalid settings, a conflict, a cloud error. */
  Error
}
