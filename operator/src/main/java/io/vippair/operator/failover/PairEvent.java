package io.vippair.operator.failover;

/**
 * A Kubernetes event about the pair.
 *
 * @param warning Warning when true, Normal otherwise
 * @param reason a CamelCase word, e.g. Failover, SplitBrain, CloudConflict, CloudError
 * @param message one sentence with the facts (from, to, how long, the cloud's error code)
 */
public record PairEvent(boolean warning, String reason, String message) {}
