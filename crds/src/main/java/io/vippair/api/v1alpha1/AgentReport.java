package io.vippair.api.v1alpha1;

import java.util.Objects;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One member agent's report about its keepalived instance for this pair. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentReport extends UnknownFields {

  /** The VRRP state keepalived last announced for this pair's instance. */
  private VrrpRole role;

  /** When keepalived entered that state (RFC 3339, UTC, milliseconds). */
  private String since;

  /** When the agent wrote this report (RFC 3339, UTC, milliseconds). */
  private String reportedAt;

  /** The VipPair generation whose settings the agent has rendered into keepalived. */
  private Long observedGeneration;

  /** A short hash of the keepalived configuration rendered for this pair. */
  private String configHash;

  /** Why keepalived rejected the latest configuration (the previous one keeps running); empty when accepted. */
  private String configError;

  /** The result of the pair's health check on this member; true when no check is configured. */
  private Boolean healthy;

  /** Why the health check fails, or why it cannot run (for example an unknown local check). */
  private String healthMessage;

  /**
   * Why a notify hook this pair names does not run on this member (not defined in the agent's
   * notifyHooks), or how its last run failed (exit code or timeout); absent while they run fine.
   */
  private String notifyError;

  /** Whether this member is fenced (made to step down) by the operator right now. */
  private Boolean fenced;

  /** The nonce of the last liveness probe this agent answered. */
  private String ack;

  /**
   * The nonce of the planned switchover (status.switchover) for which this member's keepalived
   * priority is raised, so that it takes over at once when the master steps down; absent otherwise.
   */
  private String switchoverReady;
  /**
   * The nonce of the make-before-break switchover (status.switchover) for which this member holds
   * the VIP outside keepalived (a /32 on lo), so the cloud may move the VIP to it before VRRP hands
   * over; absent otherwise. An agent that predates make-before-break never sets it.
   */
  private String switchoverVipHeld;
  /** The nonce of the last announce request (mode HaVip) for which keepalived announced the VIP again. */
  private String announced;

  /** The agent's version. */
  private String agentVersion;

  /** The keepalived version the agent runs. */
  private String keepalivedVersion;

  public VrrpRole getRole() { return role; }
  public void setRole(VrrpRole role) { this.role = role; }
  public String getSince() { return since; }
  public void setSince(String since) { this.since = since; }
  public String getReportedAt() { return reportedAt; }
  public void setReportedAt(String reportedAt) { this.reportedAt = reportedAt; }
  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public String getConfigHash() { return configHash; }
  public void setConfigHash(String configHash) { this.configHash = configHash; }
  public String getConfigError() { return configError; }
  public void setConfigError(String configError) { this.configError = configError; }
  public Boolean getHealthy() { return healthy; }
  public void setHealthy(Boolean healthy) { this.healthy = healthy; }
  public String getHealthMessage() { return healthMessage; }
  public void setHealthMessage(String healthMessage) { this.healthMessage = healthMessage; }
  public String getNotifyError() { return notifyError; }
  public void setNotifyError(String notifyError) { this.notifyError = notifyError; }
  public Boolean getFenced() { return fenced; }
  public void setFenced(Boolean fenced) { this.fenced = fenced; }
  public String getAck() { return ack; }
  public void setAck(String ack) { this.ack = ack; }
  public String getSwitchoverReady() { return switchoverReady; }
  public void setSwitchoverReady(String switchoverReady) { this.switchoverReady = switchoverReady; }
  public String getSwitchoverVipHeld() { return switchoverVipHeld; }
  public void setSwitchoverVipHeld(String switchoverVipHeld) { this.switchoverVipHeld = switchoverVipHeld; }
  public String getAnnounced() { return announced; }
  public void setAnnounced(String announced) { this.announced = announced; }
  public String getAgentVersion() { return agentVersion; }
  public void setAgentVersion(String agentVersion) { this.agentVersion = agentVersion; }
  public String getKeepalivedVersion() { return keepalivedVersion; }
  public void setKeepalivedVersion(String keepalivedVersion) { this.keepalivedVersion = keepalivedVersion; }

  /** A copy that shares nothing mutable with this one. */
  public AgentReport copy() {
    AgentReport c = new AgentReport();
    c.role = role;
    c.since = since;
    c.reportedAt = reportedAt;
    c.observedGeneration = observedGeneration;
    c.configHash = configHash;
    c.configError = configError;
    c.healthy = healthy;
    c.healthMessage = healthMessage;
    c.notifyError = notifyError;
    c.fenced = fenced;
    c.ack = ack;
    c.switchoverReady = switchoverReady;
    c.switchoverVipHeld = switchoverVipHeld;
    c.announced = announced;
    c.agentVersion = agentVersion;
    c.keepalivedVersion = keepalivedVersion;
    return c;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof AgentReport)) {
      return false;
    }
    AgentReport o = (AgentReport) other;
    return Objects.equals(role, o.role) && Objects.equals(since, o.since) && Objects.equals(reportedAt, o.reportedAt) && Objects.equals(observedGeneration, o.observedGeneration) && Objects.equals(configHash, o.configHash) && Objects.equals(configError, o.configError) && Objects.equals(healthy, o.healthy) && Objects.equals(healthMessage, o.healthMessage) && Objects.equals(notifyError, o.notifyError) && Objects.equals(fenced, o.fenced) && Objects.equals(ack, o.ack) && Objects.equals(switchoverReady, o.switchoverReady) && Objects.equals(switchoverVipHeld, o.switchoverVipHeld) && Objects.equals(announced, o.announced) && Objects.equals(agentVersion, o.agentVersion) && Objects.equals(keepalivedVersion, o.keepalivedVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, since, reportedAt, observedGeneration, configHash, configError, healthy, healthMessage, notifyError, fenced, ack, switchoverReady, switchoverVipHeld, announced, agentVersion, keepalivedVersion);
  }
}
