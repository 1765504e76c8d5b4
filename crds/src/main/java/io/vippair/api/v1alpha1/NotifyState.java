package io.vippair.api.v1alpha1;

/** The VRRP states a notify hook can run on (keepalived's notify_master, notify_backup, notify_fault). */
public enum NotifyState {
  MASTER,
  BACKUP,
  FAULT
}
