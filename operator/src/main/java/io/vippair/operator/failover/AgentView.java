package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.AgentReport;

/**
 * One member's agent as the operator sees it.
 *
 * @param report the agent's latest report in status.agents (never null here)
 * @param leaseFresh whether the agent renewed its Lease within the lease duration
 */
public record AgentView(AgentReport report, boolean leaseFresh) {}
