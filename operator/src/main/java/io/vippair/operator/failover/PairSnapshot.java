package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.cloud.TaskState;
import java.time.Instant;
import java.util.Map;

/**
 * Everything the failover decision looks at, gathered by the controller before it decides.
 *
 * @param generation metadata.generation of the VipPair
 * @param deleting whether the VipPair has a deletionTimestamp
 * @param agents each member's report and lease liveness, keyed by member name; a member that
 *     never reported is absent
 * @param cloud who holds the VIP, in member terms
 * @param previous the status as last read (operator-owned fields and agents); may be null
 * @param task the state of previous.migration's cloud task when one is in flight and was polled
 *     in this round; null otherwise
 * @param specProblem a problem the schema cannot catch (VIP or ENI outside the VPC, ENIs in
 *     different subnets, VRID clash on a shared VM), or null
 * @param now the clock
 */
public record PairSnapshot(
    String namespace,
    String name,
    long generation,
    boolean deleting,
    VipPairSpec spec,
    Map<String, AgentView> agents,
    CloudView cloud,
    VipPairStatus previous,
    TaskState task,
    SpecProblem specProblem,
    Instant now) {

  public PairSnapshot {
    agents = Map.copyOf(agents);
  }
}
