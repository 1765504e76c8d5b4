package io.vippair.agent.report;

import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;

/**
 * What this agent knows about one pair: the content of its status.agents.&lt;member&gt; report minus
 * the fields stamped at send time. Immutable; the with-methods return a changed copy.
 */
public record LocalReport(
    VrrpRole role,
    Instant since,
    Long observedGeneration,
    String configHash,
    String configError,
    Boolean healthy,
    String healthMessage,
    boolean fenced,
    String ack,
    String notifyError,
    String switchoverReady,
    String announced,
    String switchoverVipHeld) {

  public static LocalReport initial(Instant now) {
    return new LocalReport(VrrpRole.UNKNOWN, now, null, null, null, null, null, false, null, null, null, null, null);
  }

  /** A new role; since moves only when the role really changes (a reload re-announces the same one). */
  public LocalReport withRole(VrrpRole newRole, Instant at) {
    return newRole == role ? this : new LocalReport(newRole, at, observedGeneration, configHash, configError, healthy,
        healthMessage, fenced, ack, notifyError, switchoverReady, announced, switchoverVipHeld);
  }

  /**
   * keepalived is no longer running: FAULT, unless keepalived itself said STOP for this instance
   * before it went. STOP is written only on a clean shutdown, after the priority-0 advert, and the
   * operator reads it as a goodbye (rule 16a); a crash writes nothing, so it must read FAULT.
   */
  public LocalReport afterKeepalivedExit(Instant at) {
    return role == VrrpRole.STOP ? this : withRole(VrrpRole.FAULT, at);
  }

  public LocalReport withConfigApplied(long generation, String hash) {
    return new LocalReport(role, since, generation, hash, null, healthy, healthMessage, fenced, ack, notifyError,
        switchoverReady, announced, switchoverVipHeld);
  }

  public LocalReport withConfigError(String error) {
    return new LocalReport(role, since, observedGeneration, configHash, error, healthy, healthMessage, fenced, ack,
        notifyError, switchoverReady, announced, switchoverVipHeld);
  }

  public LocalReport withHealth(boolean isHealthy, String message) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, isHealthy, message, fenced, ack,
        notifyError, switchoverReady, announced, switchoverVipHeld);
  }

  public LocalReport withFenced(boolean isFenced) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, healthy, healthMessage, isFenced, ack,
        notifyError, switchoverReady, announced, switchoverVipHeld);
  }

  /** Why a notify hook cannot run or how its last run failed; null when they run fine. */
  public LocalReport withNotifyError(String error) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, healthy, healthMessage, fenced, ack,
        error, switchoverReady, announced, switchoverVipHeld);
  }

  /** The planned switchover for which keepalived's priority is raised now (null: none). */
  public LocalReport withSwitchoverReady(String nonce) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, healthy, healthMessage, fenced, ack,
        notifyError, nonce, announced, switchoverVipHeld);
  }

  /** Make-before-break: this member holds the VIP on lo for the switchover with this nonce (null: it holds none). */
  public LocalReport withSwitchoverVipHeld(String nonce) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, healthy, healthMessage, fenced, ack,
        notifyError, switchoverReady, announced, nonce);
  }

  public LocalReport withAck(String nonce) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, healthy, healthMessage, fenced, nonce,
        notifyError, switchoverReady, announced, switchoverVipHeld);
  }

  /** Mode HaVip: keepalived was made to announce the VIP again for the operator's request with this nonce. */
  public LocalReport withAnnounced(String nonce) {
    return new LocalReport(role, since, observedGeneration, configHash, configError, healthy, healthMessage, fenced, ack,
        notifyError, switchoverReady, nonce, switchoverVipHeld);
  }
}
