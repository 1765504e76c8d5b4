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
 * @param cloudAt when the cloud was observed (null when unknown); a change is judged only by an
 *     observation made after it was issued
 * @param task the state of previous.migration's cloud task when one is in flight and was polled;
 *     null otherwise
 * @param call this operator's last cloud call for the pair and how it went, or null (none since
 *     this operator leads)
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
    Instant cloudAt,
    VipPairStatus previous,
    TaskState task,
    CloudCall call,
    SpecProblem specProblem,
    Instant now) {

  public PairSnapshot {
    agents = Map.copyOf(agents);
  }

  /** A snapshot without the cloud's observation time and without a call of this operator's. */
  public PairSnapshot(String namespace, String name, long generation, boolean deleting, VipPairSpec spec,
      Map<String, AgentView> agents, CloudView cloud, VipPairStatus previous, TaskState task, SpecProblem specProblem,
      Instant now) {
    this(namespace, name, generation, deleting, spec, agents, cloud, null, previous, task, null, specProblem, now);
  }
}
