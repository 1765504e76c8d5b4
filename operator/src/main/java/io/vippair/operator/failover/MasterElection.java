package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.TRUE;
import static io.vippair.operator.failover.StatusConditions.parseTime;
import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.Probe;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.failover.ConditionValue.SplitBrain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Rules 12–15 of docs/operator-decision.md: who is master. One member claiming MASTER is master;
 * when both claim it, the one whose claim is older (the suspect) may be dead with its last report
 * still saying MASTER, or alive behind a partition: a liveness probe asks it, and its answer or
 * its silence past the deadline decides. A stale Lease alone proves nothing. Covered by {@code
 * FailoverDeciderTest.OldMasterSilent} and {@code .SplitBrain}.
 */
final class MasterElection {
  /** An answered probe vouches for its agent this long, even when the agent's Lease is stale. */
  static final Duration ACK_TRUSTED_FOR = Duration.ofSeconds(Contract.AGENT_LEASE_DURATION_SECONDS);

  private MasterElection() {}

  /**
   * Who is master, after the liveness probe if both members claim it.
   *
   * @param master the member the VIP should follow, or null
   * @param silent the member that claims MASTER but failed its probe (dead), or null
   * @param undecided true while both claim MASTER and the probe has not answered (hold)
   * @param splitBrain both are alive and claim MASTER (hold)
   */
  record MasterClaim(String master, String silent, boolean undecided, boolean splitBrain) {
    static MasterClaim of(String master) {
      return new MasterClaim(master, null, false, false);
    }

    static MasterClaim afterSilence(String master, String silent) {
      return new MasterClaim(master, silent, false, false);
    }

    static final MasterClaim NONE = new MasterClaim(null, null, false, false);
    static final MasterClaim PROBING = new MasterClaim(null, null, true, false);
    static final MasterClaim SPLIT_BRAIN = new MasterClaim(null, null, false, true);
  }

  static MasterClaim decide(PairRound r) {
    List<String> claimers = r.members.stream().filter(m -> r.role(m) == VrrpRole.MASTER).toList();
    if (claimers.size() == 2) {
      return bothClaimMaster(r, claimers.get(0), claimers.get(1));
    }
    r.out.status.setProbe(null);
    String msg = claimers.isEmpty() ? "no member claims MASTER" : claimers.get(0) + " is the only member claiming MASTER";
    r.out.set(SplitBrain.none(msg));
    return claimers.isEmpty() ? MasterClaim.NONE : MasterClaim.of(claimers.get(0));
  }

  private static MasterClaim bothClaimMaster(PairRound r, String a, String b) {
    String suspect = olderClaim(r, a, b);
    String challenger = r.peerOf(suspect);
    Probe probe = r.prev.getProbe();
    if (probe == null || !suspect.equals(probe.getMember())) {
      return startProbe(r, suspect);
    }
    Instant deadline = parseTime(probe.getDeadline());
    if (probe.getNonce() != null && probe.getNonce().equals(r.report(suspect).getAck())) {
      boolean stillVouched = r.leaseFresh(suspect) || (deadline != null && r.now.isBefore(deadline.plus(ACK_TRUSTED_FOR)));
      return stillVouched ? splitBrain(r, suspect, challenger) : startProbe(r, suspect);
    }
    if (deadline == null || !r.now.isBefore(deadline)) {
      r.out.set(SplitBrain.none(suspect + " did not answer the liveness probe by " + probe.getDeadline()
          + " and is taken for dead; " + challenger + " is master"));
      return MasterClaim.afterSilence(challenger, suspect);
    }
    return awaitProbe(r, probe, Duration.between(r.now, deadline));
  }

  private static MasterClaim startProbe(PairRound r, String suspect) {
    Instant deadline = r.now.plus(r.settings.probeDeadline());
    Probe probe = new Probe(suspect, r.nonce(suspect), timestamp(deadline));
    r.out.status.setProbe(probe);
    return awaitProbe(r, probe, r.settings.probeDeadline());
  }

  private static MasterClaim awaitProbe(PairRound r, Probe probe, Duration untilDeadline) {
    String msg = "both members claim MASTER; waiting until " + probe.getDeadline() + " for " + probe.getMember()
        + " to answer a liveness probe";
    r.out.set(SplitBrain.probing(msg));
    r.out.problem(Phase.Converging, Reasons.AWAITING_PROBE, msg);
    r.out.recheckIn(untilDeadline);
    return MasterClaim.PROBING;
  }

  private static MasterClaim splitBrain(PairRound r, String a, String b) {
    String owner = r.cloudOwner();
    String msg = "both " + a + " and " + b + " are alive and claim MASTER (VRRP between them is broken); the VIP stays "
        + (owner != null ? "on " + owner : "where the cloud has it") + " and nothing moves until one steps down";
    var was = StatusConditions.find(r.out.status.getConditions(), Conditions.SPLIT_BRAIN);
    if (was == null || !TRUE.equals(was.getStatus())) {
      r.out.event(true, Reasons.SPLIT_BRAIN, msg);
    }
    r.out.set(SplitBrain.bothMaster(msg));
    r.out.problem(Phase.SplitBrain, Reasons.SPLIT_BRAIN, msg);
    return MasterClaim.SPLIT_BRAIN;
  }

  /** The member that has claimed MASTER longer (earlier since); on a tie, the cloud owner. */
  private static String olderClaim(PairRound r, String a, String b) {
    Instant sinceA = r.firstTime(r.report(a).getSince(), null);
    Instant sinceB = r.firstTime(r.report(b).getSince(), null);
    if (sinceA.equals(sinceB)) {
      return b.equals(r.cloudOwner()) ? b : a;
    }
    return sinceA.isBefore(sinceB) ? a : b;
  }
}
