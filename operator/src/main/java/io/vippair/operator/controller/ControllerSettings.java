package io.vippair.operator.controller;

import io.vippair.operator.failover.FailoverSettings;
import java.time.Duration;

/**
 * What the controller needs to know beyond its collaborators.
 *
 * @param agentLeaseNamespace where the node agents keep their Leases
 * @param resyncPeriod how often the fleet is observed and every pair decided again
 * @param failover the decision's knobs (probe deadline...)
 */
public record ControllerSettings(String agentLeaseNamespace, Duration resyncPeriod, FailoverSettings failover) {}
