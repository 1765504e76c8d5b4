package io.vippair.api.v1alpha1;

/** How the cloud routes the VIP to the VRRP master. */
public enum CloudMode {
  /**
   * The VIP is a secondary private IP of an ENI; the operator moves it to the master's ENI with
   * MigratePrivateIpAddress (gratuitous ARP does not move it).
   */
  Eni,
  /**
   * The VIP is a Tencent HAVIP; the master's keepalived claims it by gratuitous ARP, and the
   * operator keeps its drift scope and EIP, watches the binding follow the master and asks the
   * master to announce again when it lags.
   */
  HaVip
}
