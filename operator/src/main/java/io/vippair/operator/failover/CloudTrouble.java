package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.operator.failover.ConditionValue.CloudSynced;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Rules 10, 11 and 22 of docs/operator-decision.md: the cloud cannot be asked, a foreign ENI holds
 * the VIP, or the cloud refused a change. Each holds every change, says why with the cloud's code,
 * and names when the decision looks again: after 1 s, then after as long as the pair has been out
 * of sync, at most 60 s. Covered by {@code FailoverDeciderTest.FirstPlacementAndCloudTroubleRules10To11And20To21} and
 * {@code .CloudActionFailedRule22}.
 */
final class CloudTrouble {
  /** Shortest and longest wait before asking the cloud again after it failed or could not be asked. */
  static final Duration RETRY_MIN = Duration.ofSeconds(1);
  static final Duration RETRY_MAX = Duration.ofSeconds(60);

  /** Cloud error codes that no retry fixes: a person must repair credentials or permissions. */
  private static final Set<String> NEEDS_A_PERSON = Set.of("AuthFailure", "UnauthorizedOperation");

  private CloudTrouble() {}

  /** Rule 22, the round the call's failure arrives: drop the record and say why (once, as an event). */
  static void callFailed(PairRound r, Migration m, CloudCall.Failed f) {
    r.out.status.setMigration(null);
    String text = describeFailure(Changes.actionOf(m), f);
    r.out.set(CloudSynced.callFailed(text));
    r.out.event(true, Reasons.CLOUD_ERROR, text);
  }

  /**
   * Rule 22, whenever a change would start: after a failed call no change starts until its
   * back-off has passed (retryable errors) or for {@link #RETRY_MAX} (errors only a person can
   * fix), however often the agents report meanwhile. True while backing off.
   */
  static boolean backingOff(PairRound r) {
    if (!(r.s.call() instanceof CloudCall.Failed f)) {
      return false;
    }
    Instant retryAt = retryAt(r, f);
    if (!r.now.isBefore(retryAt)) {
      return false;
    }
    String text = describeFailure(Changes.actionOf(f.requested()), f);
    r.out.set(CloudSynced.callFailed(text));
    if (f.retryable()) {
      r.out.problem(Phase.Degraded, Reasons.CLOUD_ERROR, text + "; retried at " + StatusConditions.timestamp(retryAt));
      r.out.recheckIn(Duration.between(r.now, retryAt));
    } else {
      r.out.problem(Phase.Error, Reasons.CLOUD_ERROR,
          text + "; not retried until the spec, the credentials or their permissions change, or the next resync");
    }
    return true;
  }

  /** Retry sooner at first and later the longer the cloud has been out of sync (capped). */
  private static Instant retryAt(PairRound r, CloudCall.Failed f) {
    if (!f.retryable()) {
      return f.at().plus(RETRY_MAX);
    }
    return f.at().plus(backoff(r.out.conditionSince(Conditions.CLOUD_SYNCED), f.at()));
  }

  static Duration backoff(Instant outOfSyncSince, Instant now) {
    Duration outOfSync = Duration.between(outOfSyncSince, now);
    if (outOfSync.compareTo(RETRY_MIN) < 0) {
      return RETRY_MIN;
    }
    return outOfSync.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : outOfSync;
  }

  private static String describeFailure(CloudAction action, CloudCall.Failed f) {
    return Changes.describe(action) + " failed: " + f.errorCode() + ": " + f.message();
  }

  /** Rule 11: never take a VIP from an ENI that is not a member. */
  static void conflict(PairRound r, String foreign) {
    String msg = "the VIP is held by " + foreign + ", which is not a member of this pair; vippair never takes a VIP"
        + " from a foreign ENI: release it there, or correct spec.vip.address or spec.members";
    var was = StatusConditions.find(r.out.status.getConditions(), Conditions.CLOUD_SYNCED);
    if (was == null || !Reasons.CLOUD_CONFLICT.equals(was.getReason())) {
      r.out.event(true, Reasons.CLOUD_CONFLICT, msg);
    }
    r.out.set(CloudSynced.conflict(msg));
    r.out.problem(Phase.Error, Reasons.CLOUD_CONFLICT, msg);
  }

  /** Rule 10: the cloud could not be asked who holds the VIP. */
  static void unknown(PairRound r, CloudView.Unknown u, String consequence) {
    String code = u.errorCode();
    boolean unreachable = code == null || code.equals("IOError") || code.equals("Timeout");
    String msg = "the cloud could not be asked who holds the VIP (" + code + ": " + u.reason() + "); " + consequence;
    r.out.set(CloudSynced.unknown(unreachable, msg));
    r.out.problem(needsAPerson(code) ? Phase.Error : Phase.Degraded, unreachable ? Reasons.CLOUD_UNREACHABLE : Reasons.CLOUD_ERROR, msg);
    r.out.recheckIn(backoff(r.out.conditionSince(Conditions.CLOUD_SYNCED), r.now));
  }

  /** A pair the fleet observer has not looked at yet (new, or a new leader): wait for its first look. */
  static void notObservedYet(PairRound r) {
    String msg = "the cloud has not been asked about this pair yet; nothing is changed until it is";
    r.out.set(CloudSynced.notObserved(msg));
    r.out.problem(Phase.Pending, Reasons.NOT_OBSERVED_YET, msg);
    r.out.recheckIn(r.settings.taskPollInterval());
  }

  private static boolean needsAPerson(String code) {
    return code != null && NEEDS_A_PERSON.stream().anyMatch(prefix -> code.equals(prefix) || code.startsWith(prefix + "."));
  }
}
