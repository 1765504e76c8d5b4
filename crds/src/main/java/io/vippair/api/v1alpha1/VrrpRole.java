package io.vippair.api.v1alpha1;

/** A keepalived VRRP instance state, as keepalived's notify FIFO names it. */
public enum VrrpRole {
  MASTER,
  BACKUP,
  /** The instance is down: a tracked check or file failed, or keepalived is not running. */
  FAULT,
  /** keepalived stopped the instance (shutdown or instance removed). */
  STOP,
  /** The agent has not learned the state yet. */
  UNKNOWN
}
