package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.parseTime;
import static io.vippair.operator.failover.StatusConditions.timestamp;

import io.vippair.api.v1alpha1.Announce;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.HaVipStatus;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.Phase;
import java.time.Duration;
import java.time.Instant;

/**
 * Rules H1–H4 of docs/operator-decision.md, for pairs in mode HaVip: the VIP is an HAVIP that
 * follows the master's gratuitous ARP, so the change rules 19 and 20 start is a wait for the
 * binding, not a cloud call (the mode's task, H1). This step reports the binding
 * (status.haVip), asks the master's agent to announce again when the binding still lags
 * {@link #ANNOUNCE_AFTER} after its MASTER report (status.announce, H2), and warns when it lags
 * {@link #WARN_AFTER} (H3). Deletion leaves the HAVIP alone (H4, in {@link Deletion}). Covered by
 * {@code HaVipBindingRulesH1ToH4Test}.
 */
final class HaVipBinding {
  /** keepalived announces at once on becoming MASTER; an HAVIP follows in about a second when it hears it. */
  static final Duration ANNOUNCE_AFTER = Duration.ofSeconds(2);
  /** Tencent's tutorial measures about 4 s of loss per failover: beyond 5 s something is wrong. */
  static final Duration WARN_AFTER = Duration.ofSeconds(5);

  private HaVipBinding() {}

  static boolean applies(PairRound r) {
    return r.s.spec().getCloud() != null && r.s.spec().getCloud().haVipMode();
  }

  /** Runs after the rules that may start or settle a wait (6–9, 19–20). */
  static void report(PairRound r) {
    if (!applies(r)) {
      r.out.status.setHaVip(null);
      r.out.status.setAnnounce(null);
      return;
    }
    HaVipStatus h = r.prev.getHaVip() == null ? new HaVipStatus() : r.prev.getHaVip().copy();
    bound(r, h);
    Migration before = r.prev.getMigration();
    Migration waiting = r.out.status.getMigration();
    if (before != null && waiting == null && before.getTarget() != null && before.getTarget().equals(r.cloudOwner())) {
      // the wait ended with the binding on the target: how long it took since the MASTER report
      Instant vrrpAt = r.firstTime(before.getVrrpAt(), before.getIssuedAt());
      h.setBindingLagMillis(vrrpAt.isAfter(r.now) ? 0 : Duration.between(vrrpAt, r.now).toMillis());
    }
    if (waiting != null && waiting.getTarget() != null && waiting.getKind() != MigrationKind.Unassign) {
      lagging(r, h, waiting);
    } else {
      h.setLaggingSince(null);
      Announce a = r.prev.getAnnounce();
      // an announce stays until the binding is on its member (or another wait replaces it)
      if (a != null && a.getMember() != null && !a.getMember().equals(r.cloudOwner()) && r.members.contains(a.getMember())) {
        r.out.status.setAnnounce(a.copy());
      } else {
        r.out.status.setAnnounce(null);
      }
    }
    r.out.status.setHaVip(h);
  }

  private static void bound(PairRound r, HaVipStatus h) {
    String owner = r.cloudOwner();
    if (owner != null) {
      Member m = r.s.spec().member(owner);
      h.setBoundMember(owner);
      h.setBoundEni(m.getNetworkInterfaceId());
    } else if (r.s.cloud() instanceof CloudView.Conflict c) {
      h.setBoundMember(null);
      h.setBoundEni(c.foreignEni());
    } else if (r.s.cloud() instanceof CloudView.Unassigned) {
      h.setBoundMember(null);
      h.setBoundEni(null);
    }
    // NotObserved / Unknown: keep what was last known
  }

  private static void lagging(PairRound r, HaVipStatus h, Migration m) {
    String master = m.getTarget();
    Instant vrrpAt = r.firstTime(m.getVrrpAt(), m.getIssuedAt());
    Duration lag = vrrpAt.isAfter(r.now) ? Duration.ZERO : Duration.between(vrrpAt, r.now);
    Announce a = r.prev.getAnnounce();
    Instant issuedAt = parseTime(m.getIssuedAt());
    boolean askedForThisWait = a != null && master.equals(a.getMember()) && issuedAt != null
        && !parseTime(a.getRequestedAt()).isBefore(issuedAt);
    if (askedForThisWait) {
      r.out.status.setAnnounce(a.copy());
    } else if (lag.compareTo(ANNOUNCE_AFTER) >= 0) {
      r.out.status.setAnnounce(new Announce(master, r.nonce(master), timestamp(r.now)));
      r.out.event(false, Reasons.ANNOUNCE_REQUESTED, "the HAVIP is not bound to " + master + " " + lag.toMillis()
          + " ms after it reported MASTER; asked its agent to announce the VIP again (gratuitous ARP)");
    } else {
      r.out.status.setAnnounce(null);
      r.out.recheckIn(ANNOUNCE_AFTER.minus(lag));
    }
    if (lag.compareTo(WARN_AFTER) < 0) {
      h.setLaggingSince(null);
      r.out.recheckIn(WARN_AFTER.minus(lag));
      return;
    }
    String msg = "the HAVIP is still bound to " + (h.getBoundEni() == null ? "no ENI" : h.getBoundEni())
        + ", not to the master " + master + "'s ENI, " + lag.toMillis() + " ms after " + master + " reported MASTER"
        + (askedForThisWait ? " and was asked to announce again" : "")
        + "; check that keepalived on " + master + " sends gratuitous ARP for the VIP and that its ENI is in the"
        + " HAVIP's drift scope";
    if (h.getLaggingSince() == null) {
      h.setLaggingSince(timestamp(vrrpAt));
      r.out.event(true, Reasons.HAVIP_BINDING_LAGS, msg);
    }
    r.out.set(new ConditionValue(Conditions.CLOUD_SYNCED, StatusConditions.FALSE, Reasons.HAVIP_BINDING_LAGS, msg));
    r.out.problem(Phase.Degraded, Reasons.HAVIP_BINDING_LAGS, msg);
  }
}
