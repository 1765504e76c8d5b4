package io.vippair.operator.failover;

import java.time.Duration;

/** A failover that the cloud confirmed in this step: from VRRP MASTER report to ownership. */
public record FailoverCompleted(String from, String to, String reason, Duration took) {}
