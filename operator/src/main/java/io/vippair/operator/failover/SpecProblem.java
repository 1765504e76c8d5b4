package io.vippair.operator.failover;

/**
 * A problem with the spec that only the operator can see (not the schema).
 *
 * @param reason a CamelCase word for the condition reason, e.g. EniNotInVpc, VrrpIdClash
 * @param message what is wrong and how to fix it
 */
public record SpecProblem(String reason, String message) {}
