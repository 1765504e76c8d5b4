package io.vippair.api.v1alpha1;

/** How a planned switchover hands the VIP over (spec.switchover.mode). */
public enum SwitchoverMode {
  /**
   * The master steps down first, the target takes over through VRRP, then the cloud moves the
   * VIP: clients lose it for about the cloud's migration time.
   */
  BreakBeforeMake,
  /**
   * The target holds the VIP outside keepalived (a /32 on lo) before the cloud moves it, the old
   * master stays MASTER until the cloud shows the VIP on the target, then VRRP hands over: a
   * stateless service loses no packet. Mode Eni only (in mode HaVip gratuitous ARP, not the cloud
   * API, decides where the VIP's traffic goes).
   */
  MakeBeforeBreak
}
