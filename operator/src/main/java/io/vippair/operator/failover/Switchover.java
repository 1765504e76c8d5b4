package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.parseTime;
import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.operator.failover.MasterElection.MasterClaim;
import java.time.Duration;
import java.time.Instant;

/**
 * Rules 25–27 of docs/operator-decision.md: a planned switchover (spec.switchover). Rule 25
 * accepts or refuses a new request; rule 26 carries an accepted one out: the target's agent raises
 * its keepalived priority (switchoverReady), then the current master is fenced, so its agent
 * forces keepalived into FAULT (priority 0 goes out, and the boosted target takes over within a
 * few milliseconds instead of after the master-down timer), rule 19 then moves the VIP with reason
 * PlannedSwitchover; rule 27 ends it: once the cloud shows the VIP on the target the fence is
 * lifted and the outcome recorded. Everything is decided from status.switchover, never from
 * memory, so a new leader carries on where the last one stopped and an answered nonce is never
 * carried out again. Covered by {@code SwitchoverRules25To27Test}.
 */
final class Switchover {
  /** How long the target may take to claim MASTER after the longest wait for it to be ready. */
  static final Duration STEP_DOWN_TIMEOUT = Duration.ofSeconds(15);
  /** How long a switchover may take in all (the cloud's own timeout is 60 s). */
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  /**
   * How long the target's agent may take to report its priority raised before the master is
   * fenced anyway (an agent that predates switchoverReady), beyond the two advert intervals an
   * agent waits after the reload.
   */
  static final Duration READY_WAIT = Duration.ofSeconds(2);

  private Switchover() {}

  static void decide(PairRound r, MasterClaim claim, boolean busy) {
    SwitchoverRequest req = r.s.spec().getSwitchover();
    SwitchoverStatus prev = r.prev.getSwitchover();
    boolean running = prev != null && prev.getPhase() == SwitchoverPhase.InProgress;
    if (req == null || req.getNonce() == null) {
      if (running) {
        end(r, SwitchoverPhase.Failed, Reasons.SWITCHOVER_WITHDRAWN, "spec.switchover was removed before the switchover"
            + " to " + prev.getTo() + " completed; " + prev.getFrom() + " may compete for MASTER again");
      }
      return;
    }
    boolean same = prev != null && req.getNonce().equals(prev.getNonce());
    if (same && prev.getPhase() != null && prev.getPhase().finished()) {
      return; // answered for good: never carried out again, whatever the pair looks like now
    }
    if (same && running) {
      progress(r, claim);
      return;
    }
    if (running) {
      end(r, SwitchoverPhase.Failed, Reasons.SWITCHOVER_SUPERSEDED, "a new request (nonce " + req.getNonce()
          + ") replaced it before it completed");
    }
    consider(r, claim, busy, req, same ? prev.getRequestedAt() : timestamp(r.now));
  }

  /** Whether the fence in this round's status is the switchover's own (rule 15 leaves it alone). */
  static boolean holdsFence(PairRound r) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    Fence f = r.out.status.getFence();
    return s != null && s.getPhase() == SwitchoverPhase.InProgress && f != null && f.getMember().equals(s.getFrom());
  }

  /** Whether a switchover in progress asks for the VIP on this member (its migration's reason). */
  static boolean movingTo(PairRound r, String member) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    return s != null && s.getPhase() == SwitchoverPhase.InProgress && member.equals(s.getTo());
  }

  /** Rule 25: a new request is refused, left Pending until the cloud was seen, or started. */
  private static void consider(PairRound r, MasterClaim claim, boolean busy, SwitchoverRequest req, String requestedAt) {
    String to = req.getTo();
    SwitchoverStatus s = new SwitchoverStatus();
    s.setNonce(req.getNonce());
    s.setTo(to);
    s.setRequestedAt(requestedAt);
    s.setFrom(r.cloudOwner());
    s.setMode(req.getMode());
    r.out.status.setSwitchover(s);
    if (!r.members.contains(to)) {
      refuse(r, Reasons.SWITCHOVER_TARGET_NOT_A_MEMBER, to + " is not a member of this pair (" + String.join(", ", r.members) + ")");
      return;
    }
    String mbb = MakeBeforeBreak.refusal(r, req);
    if (mbb != null) {
      refuse(r, Reasons.SWITCHOVER_MBB_UNSUPPORTED, mbb);
      return;
    }
    if (Pause.on(r)) {
      refuse(r, Reasons.PAUSED, "the pair is paused (spec.paused): no cloud change and no fence is made; resume it first");
      return;
    }
    if (r.s.cloud() instanceof CloudView.NotObserved) {
      s.setPhase(SwitchoverPhase.Pending);
      say(r, Reasons.NOT_OBSERVED_YET, "waiting for the operator's first look at the cloud before deciding");
      r.out.recheckIn(r.settings.taskPollInterval());
      return;
    }
    String inFlight = changeInFlight(r, claim, busy, to);
    if (inFlight != null) {
      refuse(r, Reasons.SWITCHOVER_CHANGE_IN_FLIGHT, inFlight + "; ask again once the pair is Ready");
      return;
    }
    String unfit = unfit(r, to);
    if (unfit != null) {
      refuse(r, unfitReason(r, to), unfit + ", so it could not take over; nothing was changed");
      return;
    }
    String owner = r.cloudOwner();
    if (to.equals(owner) && to.equals(claim.master())) {
      s.setFrom(to);
      end(r, SwitchoverPhase.Succeeded, Reasons.SWITCHOVER_ALREADY_THERE, to + " is already the master and holds the VIP; nothing"
          + " was changed");
      s.setDurationMs(0L);
      s.setOutageEstimateMs(0L);
      return;
    }
    if (owner == null || !owner.equals(claim.master())) {
      refuse(r, Reasons.SWITCHOVER_NOT_SETTLED, "the VIP does not follow a master right now (master "
          + claim.master() + ", cloud owner " + owner + "); ask again once the pair is Ready");
      return;
    }
    if (!r.leaseFresh(owner)) {
      refuse(r, Reasons.SWITCHOVER_SOURCE_SILENT, owner + "'s agent is silent, so it cannot be told to step down");
      return;
    }
    start(r, claim, s, owner, to);
  }

  private static void start(PairRound r, MasterClaim claim, SwitchoverStatus s, String from, String to) {
    s.setPhase(SwitchoverPhase.InProgress);
    if (s.makeBeforeBreak()) {
      String msg = MakeBeforeBreak.startMessage(from, to);
      say(r, Reasons.SWITCHOVER_STARTED, msg);
      r.out.event(false, Reasons.SWITCHOVER_STARTED, msg + " (nonce " + s.getNonce() + ")");
      MakeBeforeBreak.progress(r, claim, s);
      return;
    }
    String msg = "raising " + to + "'s keepalived priority, then telling " + from + " to step down (keepalived FAULT) so that "
        + to + " takes over at once; the VIP follows with reason " + Reasons.PLANNED_SWITCHOVER;
    say(r, Reasons.SWITCHOVER_STARTED, msg);
    r.out.event(false, Reasons.SWITCHOVER_STARTED, msg + " (nonce " + s.getNonce() + ")");
    fenceOnceReady(r, s);
  }

  /**
   * Fences the old master once the target's agent reports its priority raised for this nonce
   * (switchoverReady), so the target takes over within its skew of the priority-0 advert instead
   * of 61 % of an advert interval; an agent that never says so (an older one) gets the fence after
   * {@link #readyWait}. A fence set earlier stays.
   */
  private static void fenceOnceReady(PairRound r, SwitchoverStatus s) {
    String from = s.getFrom();
    String to = s.getTo();
    Fence f = r.out.status.getFence();
    if (f != null && from.equals(f.getMember())) {
      return;
    }
    AgentReport target = r.report(to);
    boolean ready = target != null && s.getNonce().equals(target.getSwitchoverReady());
    Instant readyBy = r.firstTime(s.getRequestedAt(), null).plus(readyWait(r));
    if (!ready && r.now.isBefore(readyBy)) {
      waiting(r, "waiting for " + to + "'s agent to raise its keepalived priority");
      r.out.recheckIn(Duration.between(r.now, readyBy));
      return;
    }
    r.out.status.setFence(new Fence(from, "planned switchover to " + to + " (nonce " + s.getNonce() + ")", timestamp(r.now)));
    waiting(r, "told " + from + " to step down; waiting for " + to + " to claim MASTER");
  }

  /** Rules 26 and 27: keep the fence until the cloud confirms the target, then lift it and record the outcome. */
  private static void progress(PairRound r, MasterClaim claim) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    if (s.makeBeforeBreak()) {
      MakeBeforeBreak.progress(r, claim, s);
      return;
    }
    String to = s.getTo();
    String from = s.getFrom();
    Instant requestedAt = r.firstTime(s.getRequestedAt(), null);
    boolean moving = r.out.status.getMigration() != null;
    if (!moving && to.equals(r.cloudOwner()) && r.role(to) == VrrpRole.MASTER) {
      succeed(r, s, requestedAt, null);
      return;
    }
    if (Pause.on(r)) {
      end(r, SwitchoverPhase.Failed, Reasons.PAUSED, "the pair was paused before the switchover completed");
      return;
    }
    String unfit = moving || r.role(to) == VrrpRole.MASTER ? null : unfit(r, to);
    if (unfit != null) {
      end(r, SwitchoverPhase.Failed, unfitReason(r, to), unfit + " before it took over; " + from + " may take the VIP back");
      return;
    }
    if (!r.now.isBefore(requestedAt.plus(TIMEOUT))
        || (!moving && r.role(to) != VrrpRole.MASTER && !r.now.isBefore(requestedAt.plus(readyWait(r)).plus(STEP_DOWN_TIMEOUT)))) {
      end(r, SwitchoverPhase.Failed, Reasons.SWITCHOVER_TIMED_OUT, "not completed within " + (moving ? TIMEOUT : STEP_DOWN_TIMEOUT)
          .toSeconds() + " s (" + to + " reports " + r.role(to) + ", " + from + " reports " + r.role(from) + ")");
      return;
    }
    if (moving) {
      waiting(r, "waiting for the cloud to move the VIP to " + to);
    } else {
      fenceOnceReady(r, s);
    }
  }

  /** Records success; outageMs null estimates the outage from the old master's step-down (break-before-make). */
  static void succeed(PairRound r, SwitchoverStatus s, Instant requestedAt, Long outageMs) {
    long took = Math.max(0, Duration.between(requestedAt, r.now).toMillis());
    Instant dark = steppedDownAt(r, s, requestedAt);
    long outage = outageMs != null ? outageMs : dark.isAfter(r.now) ? 0 : Duration.between(dark, r.now).toMillis();
    String msg = "moved the VIP from " + s.getFrom() + " to " + s.getTo() + " in " + took + " ms (clients without it for about "
        + outage + " ms)";
    end(r, SwitchoverPhase.Succeeded, Reasons.SWITCHOVER_SUCCEEDED, msg);
    s.setDurationMs(took);
    s.setOutageEstimateMs(outage);
  }

  /**
   * When the old master dropped the VIP: when its report turned FAULT (or BACKUP) after the
   * request, else when the target claimed MASTER, else the request. The VMs' clocks are trusted
   * here as for lastFailover.vrrpAt; the estimate is what the lab measures against real pings.
   */
  private static Instant steppedDownAt(PairRound r, SwitchoverStatus s, Instant requestedAt) {
    for (String m : new String[] {s.getFrom(), s.getTo()}) {
      AgentReport rep = m == null ? null : r.report(m);
      Instant since = rep == null ? null : parseTime(rep.getSince());
      boolean changed = m != null && (m.equals(s.getFrom()) ? PairRound.STEPPED_DOWN.contains(r.role(m)) : r.role(m) == VrrpRole.MASTER);
      if (changed && since != null && !since.isBefore(requestedAt)) {
        return since;
      }
    }
    return requestedAt;
  }

  /** Why the member could not take over now, or null when it could. */
  static String unfit(PairRound r, String to) {
    AgentReport rep = r.report(to);
    if (rep == null) {
      return to + "'s agent has never reported";
    }
    if (!r.leaseFresh(to)) {
      return to + "'s agent is silent (its Lease is not renewed)";
    }
    Fence f = r.out.status.getFence();
    if (Boolean.TRUE.equals(rep.getFenced()) || (f != null && to.equals(f.getMember()))) {
      return to + " is fenced by the operator (" + (f == null ? "its agent reports fenced" : f.getReason()) + ")";
    }
    if (Boolean.FALSE.equals(rep.getHealthy())) {
      return to + "'s health check fails (" + rep.getHealthMessage() + ")";
    }
    VrrpRole role = r.role(to);
    if (role != VrrpRole.BACKUP && role != VrrpRole.MASTER) {
      return to + " reports " + role + " instead of BACKUP";
    }
    return null;
  }

  static Duration readyWait(PairRound r) {
    Integer advert = r.s.spec().getVrrp() == null ? null : r.s.spec().getVrrp().getAdvertIntervalMillis();
    return READY_WAIT.plusMillis(2L * (advert == null ? 1000 : advert));
  }

  static String unfitReason(PairRound r, String to) {
    AgentReport rep = r.report(to);
    if (rep == null || !r.leaseFresh(to)) {
      return Reasons.SWITCHOVER_TARGET_SILENT;
    }
    Fence f = r.out.status.getFence();
    boolean fenced = Boolean.TRUE.equals(rep.getFenced()) || (f != null && to.equals(f.getMember()));
    return fenced ? Reasons.SWITCHOVER_TARGET_FENCED : Reasons.SWITCHOVER_TARGET_UNHEALTHY;
  }

  /** What keeps the pair from starting a switchover now, or null. */
  private static String changeInFlight(PairRound r, MasterClaim claim, boolean busy, String to) {
    if (busy || r.out.status.getMigration() != null) {
      return "a cloud change is in flight (" + Changes.describe(r.out.status.getMigration() != null
          ? r.out.status.getMigration() : r.prev.getMigration()) + ")";
    }
    if (r.s.call() instanceof CloudCall.Pending) {
      return "an earlier cloud call has not answered yet";
    }
    if (r.s.cloud() instanceof CloudView.Migrating) {
      return "the cloud is moving the VIP";
    }
    if (claim.undecided() || claim.splitBrain()) {
      return claim.splitBrain() ? "the pair is in a split brain" : "a liveness probe is deciding who is master";
    }
    Fence f = r.out.status.getFence();
    return f == null || f.getMember().equals(to) ? null : f.getMember() + " is fenced (" + f.getReason() + ")";
  }

  private static void refuse(PairRound r, String reason, String why) {
    end(r, SwitchoverPhase.Refused, reason, "switchover to " + r.out.status.getSwitchover().getTo() + " refused: " + why);
  }

  /** Ends the switchover in a final phase: one event, the condition, and the fence it set lifted. */
  static void end(PairRound r, SwitchoverPhase phase, String reason, String message) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    boolean liftFence = holdsFence(r);
    s.setPhase(phase);
    s.setCompletedAt(timestamp(r.now));
    say(r, reason, message);
    String event = phase == SwitchoverPhase.Succeeded ? Reasons.SWITCHOVER_SUCCEEDED
        : phase == SwitchoverPhase.Refused ? Reasons.SWITCHOVER_REFUSED : Reasons.SWITCHOVER_FAILED;
    r.out.event(phase != SwitchoverPhase.Succeeded, event, message + " (nonce " + s.getNonce() + ")");
    if (liftFence) {
      r.out.status.setFence(null);
      r.out.event(false, Reasons.FENCE_LIFTED, s.getFrom() + " may compete for MASTER again (planned switchover ended)");
    }
  }

  private static void say(PairRound r, String reason, String message) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    s.setReason(reason);
    s.setMessage(message);
    r.out.set(ConditionValue.Switchover.of(s.getPhase(), reason, message));
  }

  static void waiting(PairRound r, String what) {
    SwitchoverStatus s = r.out.status.getSwitchover();
    String msg = "planned switchover from " + s.getFrom() + " to " + s.getTo() + ": " + what;
    r.out.problem(Phase.Converging, Reasons.SWITCHOVER_IN_PROGRESS, msg);
    r.out.recheckIn(r.settings.taskPollInterval());
  }
}
