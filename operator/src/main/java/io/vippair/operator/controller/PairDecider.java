package io.vippair.operator.controller;

import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.failover.Decision;
import io.vippair.operator.failover.PairSnapshot;

/** The failover decision as the controller calls it (production: FailoverDecider). */
public interface PairDecider {

  Decision decide(PairSnapshot snapshot);

  /** What to publish when the cloud refused or failed the action that {@code attempted} asked for. */
  Decision actionFailed(PairSnapshot snapshot, Decision attempted, CloudException error);
}
