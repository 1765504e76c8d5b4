package io.vippair.agent.config;

/** How the agent runs keepalived. */
public enum KeepalivedMode {
  /** keepalived is the agent's own child process (lab, demo, containers). */
  CHILD,
  /** keepalived is the system's service, driven with systemctl (production VMs). */
  SYSTEMD
}
