package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.AgentReport;
import java.time.Instant;

/**
 * One member's agent as the operator sees it.
 *
 * @param report the agent's latest report in status.agents (never null here)
 * @param leaseFresh whether the agent renewed its Lease within the lease duration
 * @param agentStartedAt when the agent last started, when known (its Lease's acquireTime); a
 *     report written before it is older than the restart and says nothing about now
 * @param heartbeat what the operator's heartbeat listener knows of the agent (rule 14b)
 */
public record AgentView(AgentReport report, boolean leaseFresh, Instant agentStartedAt, Heartbeat heartbeat) {
  public AgentView {
    heartbeat = heartbeat == null ? Heartbeat.UNKNOWN : heartbeat;
  }

  public AgentView(AgentReport report, boolean leaseFresh, Instant agentStartedAt) {
    this(report, leaseFresh, agentStartedAt, Heartbeat.UNKNOWN);
  }

  public AgentView(AgentReport report, boolean leaseFresh) {
    this(report, leaseFresh, null);
  }
}
