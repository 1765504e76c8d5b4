package io.vippair.api.v1alpha1;

/** How the two members compete for MASTER. */
public enum FailoverPolicy {
  /** Same priority, nopreempt: the VIP stays where it is until its holder fails. */
  Equal,
  /** The preferred member has the higher priority and takes the VIP back after a delay. */
  Preferred
}
