package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Phase;
import io.vippair.operator.failover.ConditionValue.Ready;
import io.vippair.operator.failover.MasterElection.MasterClaim;
import java.time.Duration;

/**
 * The failover decision: from what the agents report, what the cloud says, what is in flight and
 * how this operator's last cloud call went, decide the one cloud change to make (if any) and the
 * status to publish. A pure function: no I/O, no clock but {@link PairSnapshot#now()}, the probe
 * nonce derived from the snapshot. Stateless: one instance may serve every reconciler thread.
 *
 * <p>This file is the order of the rules; each step is a class named after its rules, which
 * carry the rule numbers of docs/operator-decision.md, where the rules are a table for users.
 */
public final class FailoverDecider {
  static final Duration RETRY_MIN = CloudTrouble.RETRY_MIN;
  static final Duration RETRY_MAX = CloudTrouble.RETRY_MAX;

  public Decision decide(PairSnapshot s, FailoverSettings settings) {
    PairRound r = new PairRound(s, settings);
    AgentFindings.report(r);                            // AgentsReporting, ConfigApplied
    Pause.report(r);                                    // rule 24: Paused (changes withheld later)
    r.out.status.setCloudOwner(r.cloudOwner());
    if (s.deleting()) {
      return Deletion.decide(r);                        // rules 1–4
    }
    if (s.specProblem() != null) {
      return specProblem(r);                            // rule 5
    }
    boolean busy = ChangeInFlight.track(r);             // rules 6–9, 22 (the call's answer)
    MasterClaim claim = MasterElection.decide(r);       // rules 12–15, 14a: who is master, the probe
    r.out.status.setMaster(claim.master());
    Switchover.decide(r, claim, busy);                  // rules 25–27: a planned switchover (its own fence)
    Fencing.apply(r, claim);                            // rule 15: the fence
    FollowMaster.decide(r, claim, busy);                // rules 10, 11, 16–21 (22: back-off)
    Redundancy.check(r, claim);                         // rule 23: can the other member take over?
    HaVipBinding.report(r);                             // rules H1–H3: mode HaVip's binding, announce, lag
    String owner = r.cloudOwner();
    return r.out.finish("the VIP is on " + owner + "'s ENI and " + owner + " is the VRRP master");
  }

  /** Rule 5: a spec the operator cannot act on changes nothing and is the Ready reason. */
  private static Decision specProblem(PairRound r) {
    SpecProblem p = r.s.specProblem();
    r.out.status.setPhase(Phase.Error);
    r.out.set(Ready.notReady(p.reason(), p.message()));
    return r.out.toDecision();
  }
}
