package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.operator.failover.ConditionValue.CloudSynced;
import io.vippair.operator.failover.MasterElection.MasterClaim;
import java.util.stream.Collectors;

/**
 * Rules 10, 11, 16–21 and 16a of docs/operator-decision.md: make the cloud follow the master. The
 * VIP moves only between the two members, only to a healthy master, only while no change is in
 * flight and nobody else (a foreign ENI, the cloud itself) holds or moves it. Covered by {@code
 * FailoverDeciderTest.GracefulHandoverRule19}, {@code .NoUsableMasterRules16To17}, {@code .AgentsDisagreeWithTheCloudRule19}
 * and {@code .FirstPlacementAndCloudTroubleRules10To11And20To21}.
 */
final class FollowMaster {
  private FollowMaster() {}

  static void decide(PairRound r, MasterClaim claim, boolean busy) {
    CloudView cloud = r.s.cloud();
    if (cloud instanceof CloudView.NotObserved) {
      CloudTrouble.notObservedYet(r);
      return;
    }
    if (cloud instanceof CloudView.Unknown u) {
      CloudTrouble.unknown(r, u, "nothing is changed until it answers");
      return;
    }
    if (cloud instanceof CloudView.Conflict c) {
      CloudTrouble.conflict(r, c.foreignEni());
      return;
    }
    if (cloud instanceof CloudView.OwnedBy o && !r.members.contains(o.member())) {
      CloudTrouble.conflict(r, o.member());
      return;
    }
    if (busy) {
      return;
    }
    if (MakeBeforeBreak.leadsTheCloud(r)) {
      return; // rule 26b moves the VIP ahead of VRRP on purpose and says so; following the master would move it back
    }
    if (claim.undecided()) {
      hold(r, "until the probe decides who is master");
    } else if (claim.splitBrain()) {
      hold(r, "during the split brain");
    } else if (claim.unconfirmed() != null) {
      String owner = claim.unconfirmed();
      String msg = owner + " holds the VIP and answers its liveness probe, but its agent reports no VRRP role; it may"
          + " still be MASTER, so the VIP is not moved to " + claim.master() + " until " + owner + " reports its role";
      r.out.problem(Phase.Degraded, Reasons.OWNER_UNCONFIRMED, msg);
      hold(r, "until " + owner + " reports its role");
    } else if (claim.master() == null && GoodbyeHandover.decide(r)) {
      return; // rule 16a: the owner said goodbye, its peer is a ready BACKUP: the migration runs during keepalived's skew
    } else if (claim.master() == null) {
      String msg = "no member claims MASTER (" + r.members.stream()
          .map(m -> m + ": " + (r.report(m) == null ? "no report" : r.role(m)))
          .collect(Collectors.joining(", ")) + "); keepalived elects the master, the VIP is not moved";
      boolean anyReported = r.members.stream().anyMatch(m -> PairRound.STEPPED_DOWN.contains(r.role(m)));
      r.out.problem(anyReported ? Phase.Degraded : Phase.Pending, Reasons.NO_MASTER, msg);
      hold(r, "while no member claims MASTER");
    } else if (Boolean.FALSE.equals(r.report(claim.master()).getHealthy())) {
      String master = claim.master();
      String msg = master + " is MASTER but its health check fails (" + r.report(master).getHealthMessage()
          + "); keepalived should hand over, and the VIP is never moved to an unhealthy member";
      r.out.problem(Phase.Degraded, Reasons.MASTER_UNHEALTHY, msg);
      if (master.equals(r.cloudOwner())) {
        r.out.set(CloudSynced.inSync(master));
      } else {
        hold(r, "while the master " + master + " is unhealthy");
      }
    } else {
      moveTo(r, claim);
    }
  }

  private static void moveTo(PairRound r, MasterClaim claim) {
    String master = claim.master();
    CloudView cloud = r.s.cloud();
    if (cloud instanceof CloudView.OwnedBy o && o.member().equals(master)) {
      r.out.set(CloudSynced.inSync(master));
    } else if (cloud instanceof CloudView.OwnedBy o) {
      String from = o.member();
      ChangeInFlight.start(r, new CloudAction.Migrate(from, master, failoverReason(r, from, claim)), MigrationKind.Migrate, from, master);
    } else if (cloud instanceof CloudView.Unassigned) {
      ChangeInFlight.start(r, new CloudAction.Assign(master, Reasons.FIRST_PLACEMENT), MigrationKind.Assign, null, master);
    } else {
      hold(r, "while the cloud moves it");
    }
  }

  private static String failoverReason(PairRound r, String owner, MasterClaim claim) {
    if (Switchover.movingTo(r, claim.master())) {
      return Reasons.PLANNED_SWITCHOVER;
    }
    if (owner.equals(claim.silent())) {
      return Reasons.MASTER_SILENT;
    }
    return PairRound.STEPPED_DOWN.contains(r.role(owner)) ? Reasons.GRACEFUL_HANDOVER : Reasons.FOLLOW_MASTER;
  }

  /** No cloud change now; say where the VIP stays and why. */
  static void hold(PairRound r, String why) {
    CloudView cloud = r.s.cloud();
    if (cloud instanceof CloudView.OwnedBy o) {
      r.out.set(CloudSynced.held(o.member(), why));
    } else if (cloud instanceof CloudView.Unassigned) {
      String msg = "no ENI holds the VIP; it is assigned to the master " + why;
      r.out.set(CloudSynced.notAssigned(msg));
      r.out.problem(Phase.Pending, Reasons.NOT_ASSIGNED, msg);
    } else if (cloud instanceof CloudView.Migrating m) {
      String msg = "the cloud is moving the VIP (" + m.fromMember() + " to " + m.toMember()
          + ") in a change vippair has no record of; waiting for it to settle";
      r.out.set(CloudSynced.cloudMigrating(msg));
      r.out.problem(Phase.Converging, Reasons.CLOUD_MIGRATING, msg);
      r.out.recheckIn(r.settings.taskPollInterval());
    }
  }
}
