package io.vippair.operator.cloud;

import io.vippair.operator.failover.CloudView;
import io.vippair.operator.failover.SpecProblem;

/**
 * One pair's VIP as a cloud mode sees it, already in member terms: who holds it, and a problem of
 * the spec that only the cloud's answer reveals (an ENI outside the VPC, members in different
 * subnets...), or null.
 */
public record Placement(CloudView view, SpecProblem problem) {}
