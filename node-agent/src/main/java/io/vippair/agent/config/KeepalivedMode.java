package io.vippair.agent.config;

/** How the agent runs keepalived. */
public enum KeepalivedMode {
  /** keepalived is the agent's own child process (lab, demo, containers). */
  CHILD,
  /** keepalived is the system's service, driven with systemctl (production VMs). */
  SYSTEMD,
  /**
   * keepalived is started by someone else with the child mode's command line and run dir (the
   * DaemonSet's vippair-keepalived pods); the agent adopts, reloads and reads it, never starts it.
   */
  EXTERNAL
}
