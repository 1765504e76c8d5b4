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
 * Rules 12–15 (and 14b, {@link HeartbeatSilence}) of docs/operator-decision.md: who is master. One member claiming MASTER is master;
 * when both claim it, the one whose claim is older (the suspect) may be dead with its last report
 * still saying MASTER, or alive behind a partition: a liveness probe asks it, and its answer or
 * its silence past the deadline decides. A stale Lease alone proves nothing. Covered by {@code
 * FailoverDeciderTest.OldMasterSilentRules12To14} and {@code .SplitBrainRule15}.
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
   * @param unconfirmed the cloud owner answered its probe but its role is unknown, so it may be
   *     MASTER too (hold); null otherwise
   */
  record MasterClaim(String master, String silent, boolean undecided, boolean splitBrain, String unconfirmed) {
    static MasterClaim of(String master) {
      return new MasterClaim(master, null, false, false, null);
    }

    static MasterClaim afterSilence(String master, String silent) {
      return new MasterClaim(master, silent, false, false, null);
    }

    static MasterClaim ownerUnconfirmed(String master, String owner) {
      return new MasterClaim(master, null, false, false, owner);
    }

    static final MasterClaim NONE = new MasterClaim(null, null, false, false, null);
    static final MasterClaim PROBING = new MasterClaim(null, null, true, false, null);
    static final MasterClaim SPLIT_BRAIN = new MasterClaim(null, null, false, true, null);
  }

  static MasterClaim decide(PairRound r) {
    List<String> claimers = r.members.stream().filter(m -> r.role(m) == VrrpRole.MASTER).toList();
    if (claimers.size() == 2) {
      return bothClaimMaster(r, claimers.get(0), claimers.get(1));
    }
    String owner = r.cloudOwner();
    if (claimers.size() == 1 && owner != null && !owner.equals(claimers.get(0)) && notKnown(r, owner) != null) {
      return confirmOwner(r, owner, claimers.get(0));
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
    if (!answered(r, probe, suspect) && HeartbeatSilence.evidence(r, suspect) != null) {
      return silentHeartbeat(r, suspect, challenger);
    }
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

  /**
   * Rule 14a: the cloud owner's state is not known (no report, role UNKNOWN, its agent silent, or
   * its report older than the agent's restart) while the other member claims MASTER. The owner
   * may be a live MASTER whose role the agent lost, so it is treated like a silent master: probed
   * first. No answer by the deadline: it is taken for dead and the VIP moves (MasterSilent). An
   * answer: it is alive; if its report says it stepped down the VIP moves, otherwise it stays.
   */
  private static MasterClaim confirmOwner(PairRound r, String owner, String challenger) {
    Probe probe = r.prev.getProbe();
    String why = owner + " holds the VIP but " + notKnown(r, owner) + ", while " + challenger + " claims MASTER";
    if (!answered(r, probe, owner) && HeartbeatSilence.evidence(r, owner) != null) {
      return silentHeartbeat(r, owner, challenger);
    }
    if (probe == null || !owner.equals(probe.getMember())) {
      return startProbe(r, owner, why);
    }
    Instant deadline = parseTime(probe.getDeadline());
    if (probe.getNonce() != null && r.report(owner) != null && probe.getNonce().equals(r.report(owner).getAck())) {
      boolean stillVouched = r.leaseFresh(owner) || (deadline != null && r.now.isBefore(deadline.plus(ACK_TRUSTED_FOR)));
      if (!stillVouched) {
        return startProbe(r, owner, why);
      }
      if (PairRound.STEPPED_DOWN.contains(r.role(owner)) && !reportOlderThanRestart(r, owner)) {
        r.out.set(SplitBrain.none(owner + " answered its liveness probe and reports " + r.role(owner) + "; " + challenger + " is master"));
        return MasterClaim.of(challenger);
      }
      r.out.set(SplitBrain.none(owner + " answered its liveness probe but its role is unknown; it may still be MASTER"));
      return MasterClaim.ownerUnconfirmed(challenger, owner);
    }
    if (deadline == null || !r.now.isBefore(deadline)) {
      r.out.set(SplitBrain.none(owner + " did not answer the liveness probe by " + probe.getDeadline()
          + " and is taken for dead; " + challenger + " is master"));
      return MasterClaim.afterSilence(challenger, owner);
    }
    return awaitProbe(r, probe, Duration.between(r.now, deadline), why);
  }

  /** Whether the pending probe names the member and its agent answered it (alive: rule 15 or 14a's answer). */
  private static boolean answered(PairRound r, Probe probe, String member) {
    return probe != null && member.equals(probe.getMember()) && probe.getNonce() != null && r.report(member) != null
        && probe.getNonce().equals(r.report(member).getAck());
  }

  /**
   * Rule 14b: the member's heartbeat has been silent long enough; dead now, no probe wait. A probe
   * that expires at once is left in status as rule 14's evidence: later rounds (a restarted operator
   * that has not heard the heartbeats yet included) keep the member dead without probing it again,
   * and an agent that is alive after all answers it, which rule 15 then reads as a split brain.
   */
  private static MasterClaim silentHeartbeat(PairRound r, String silent, String challenger) {
    Probe pending = r.prev.getProbe();
    if (pending == null || !silent.equals(pending.getMember())) {
      r.out.status.setProbe(new Probe(silent, r.nonce(silent), timestamp(r.now)));
    }
    r.out.set(SplitBrain.none(HeartbeatSilence.evidence(r, silent) + "; " + silent + " is taken for dead and " + challenger
        + " is master"));
    return MasterClaim.afterSilence(challenger, silent);
  }

  /** Why the member's state is not known, or null when its report can be trusted. */
  static String notKnown(PairRound r, String member) {
    if (r.report(member) == null) {
      return "its agent has never reported";
    }
    if (r.role(member) == VrrpRole.UNKNOWN) {
      return "its agent reports no VRRP role";
    }
    if (!r.leaseFresh(member)) {
      return "its agent is silent (Lease " + Contract.agentLeaseName(member) + " not renewed)";
    }
    if (reportOlderThanRestart(r, member)) {
      return "its report is older than its agent's restart";
    }
    return null;
  }

  private static boolean reportOlderThanRestart(PairRound r, String member) {
    AgentView v = r.s.agents().get(member);
    Instant reported = v == null ? null : parseTime(v.report().getReportedAt());
    return v != null && v.agentStartedAt() != null && reported != null && reported.isBefore(v.agentStartedAt());
  }

  private static MasterClaim startProbe(PairRound r, String suspect) {
    return startProbe(r, suspect, "both members claim MASTER");
  }

  private static MasterClaim startProbe(PairRound r, String suspect, String why) {
    Instant deadline = r.now.plus(r.settings.probeDeadline());
    Probe probe = new Probe(suspect, r.nonce(suspect), timestamp(deadline));
    r.out.status.setProbe(probe);
    return awaitProbe(r, probe, r.settings.probeDeadline(), why);
  }

  private static MasterClaim awaitProbe(PairRound r, Probe probe, Duration untilDeadline) {
    return awaitProbe(r, probe, untilDeadline, "both members claim MASTER");
  }

  private static MasterClaim awaitProbe(PairRound r, Probe probe, Duration untilDeadline, String why) {
    String msg = why + "; waiting until " + probe.getDeadline() + " for " + probe.getMember()
        + " to answer a liveness probe";
    r.out.set(SplitBrain.probing(msg));
    r.out.problem(Phase.Converging, Reasons.AWAITING_PROBE, msg);
    r.out.recheckIn(untilDeadline);
    HeartbeatSilence.recheckAtLimit(r, probe.getMember());
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
