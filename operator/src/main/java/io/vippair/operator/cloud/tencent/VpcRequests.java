package io.vippair.operator.cloud.tencent;

import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import io.vippair.common.Backoff;
import io.vippair.operator.cloud.BoundedLru;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort.Attempts;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one request loop of the Tencent port: every request first takes a token from the
 * (account, region, action) bucket, then runs; a failure is classified by {@link CloudErrors}:
 * throttling, internal errors, 5xx, mutex-task conflicts, I/O errors and timeouts are retried with
 * {@link Backoff} up to {@code maxAttempts}; anything else fails at once. A change whose earlier
 * attempt may have reached the cloud is re-sent only after its {@link ResendGuard} says it is not
 * under way. Also keeps one SDK client per account, region and host.
 */
public final class VpcRequests {
  private static final Logger log = LoggerFactory.getLogger(VpcRequests.class);
  private static final int MAX_CLIENTS = 64;
  /** Refusals for a running task one call waits out at once (four VIPs of an ENI pair need three). */
  static final int MAX_TASK_WAITS = 16;

  private final CloudPortSettings settings;
  private final CloudMetrics metrics;
  private final RateLimiter limiter;
  private final Backoff backoff;
  private final RateLimiter.Sleeper sleeper;
  /** Rotated STS credentials leave old clients behind: bounded. */
  private final Map<ClientKey, VpcClient> clients = new BoundedLru<>(MAX_CLIENTS);

  /** One SDK client per account, region and host; the SDK fixes timeouts when it is built. */
  private record ClientKey(CloudCredentials credentials, String region, String host) {}

  /** One SDK call; may throw anything the SDK throws. */
  @FunctionalInterface
  public interface SdkCall<T> {
    T call(VpcClient client) throws Exception;
  }

  /**
   * Asked before re-sending a change whose earlier attempt may have reached the cloud: a present
   * result means the change is already under way and must not be sent again.
   */
  @FunctionalInterface
  public interface ResendGuard<T> {
    Optional<T> alreadyUnderWay() throws CloudException;
  }

  /**
   * Called when the cloud refused a change because a task runs on one of its ENIs: waits for that
   * task's end ({@link EniTaskEnds}).
   */
  @FunctionalInterface
  interface TaskEndWait {
    EniTaskEnds.Outcome await() throws CloudException, InterruptedException;
  }

  VpcRequests(CloudPortSettings settings, CloudMetrics metrics, RateLimiter limiter, Backoff backoff,
      RateLimiter.Sleeper sleeper) {
    this.settings = settings;
    this.metrics = metrics;
    this.limiter = limiter;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  <T> T call(CloudAccount account, String action, CallPriority priority, Attempts attempts, SdkCall<T> sdk,
      ResendGuard<T> guard) throws CloudException {
    return call(account, action, priority, attempts, sdk, guard, null);
  }

  /**
   * As {@link #call(CloudAccount, String, CallPriority, Attempts, SdkCall, ResendGuard)}; a refusal
   * because another task holds one of the change's ENIs is sent again as soon as {@code taskEnd}
   * sees that task end, instead of after the back-off. Such a wait uses no attempt (the cloud
   * refused, it did not fail); the waits are bounded by {@link #MAX_TASK_WAITS}, each wait by
   * {@link EniTaskEnds#MAX_WAIT}, and a task the ENIs do not show is waited for with the back-off.
   * After the wait the guard looks first, as after any failure that may hide a change under way.
   */
  <T> T call(CloudAccount account, String action, CallPriority priority, Attempts attempts, SdkCall<T> sdk,
      ResendGuard<T> guard, TaskEndWait taskEnd) throws CloudException {
    Redactor redactor = new Redactor(account.credentials());
    VpcClient client = client(account);
    CloudException last = null;
    boolean lookFirst = false;
    boolean refusedByTask = false;
    int taskWaits = 0;
    boolean unseenRetried = false;
    for (int attempt = 1; attempt <= settings.maxAttempts() || refusedByTask; attempt++) {
      if (refusedByTask) {
        refusedByTask = false;
        EniTaskEnds.Outcome outcome = awaitTaskEnd(action, taskEnd);
        boolean atOnce = outcome == EniTaskEnds.Outcome.ENDED
            || outcome == EniTaskEnds.Outcome.NOT_SEEN && !unseenRetried;
        unseenRetried |= outcome == EniTaskEnds.Outcome.NOT_SEEN;
        if (atOnce) {
          attempt--; // a refusal for a running task costs no attempt: the wait is what bounds it
        } else if (attempt > settings.maxAttempts()) {
          break;
        } else {
          pause(action, backoff.delay(Math.max(0, attempt - 2)).toNanos());
        }
      } else if (attempt > 1) {
        pause(action, backoff.delay(attempt - 2).toNanos());
      }
      if (lookFirst) {
        try {
          Optional<T> underWay = guard.alreadyUnderWay();
          if (underWay.isPresent()) {
            log.info("{}: an earlier unanswered attempt is already under way in the cloud; not re-sending", action);
            return underWay.get();
          }
          lookFirst = false;
        } catch (CloudException e) {
          last = e; // cannot tell: never re-send blind, look again after the next backoff
          continue;
        }
      }
      try {
        metrics.tokenWait(action, limiter.acquire(account, action, priority));
      } catch (CloudException e) {
        metrics.throttled(action);
        throw e;
      }
      long start = System.nanoTime();
      try {
        T result = sdk.call(client);
        metrics.request(action, "OK", System.nanoTime() - start);
        return result;
      } catch (Exception e) {
        CloudErrors.Failure failure = CloudErrors.classify(e);
        metrics.request(action, failure.code(), System.nanoTime() - start);
        if (failure.kind() == CloudException.Kind.THROTTLED) {
          metrics.throttled(action);
        }
        last = failure.toException(action, redactor);
        if (!failure.retry()) {
          throw last;
        }
        log.debug("{} attempt {}/{} failed ({}); retrying", action, attempt, settings.maxAttempts(), failure.code());
        refusedByTask = taskEnd != null && CloudErrors.isTaskRunning(failure.code()) && ++taskWaits <= MAX_TASK_WAITS;
        if (attempt < settings.maxAttempts() || refusedByTask) {
          attempts.failed(failure.code());
        }
        // also after a refusal for a running task: the task may be this very change, asked for by
        // an earlier unanswered attempt or by a decision made twice; the look costs one describe
        lookFirst = guard != null && failure.mayHaveTakenEffect();
      }
    }
    log.warn("{} failed after {} attempts: {}", action, settings.maxAttempts(), last.errorCode());
    throw last;
  }

  private static EniTaskEnds.Outcome awaitTaskEnd(String action, TaskEndWait taskEnd) throws CloudException {
    try {
      return taskEnd.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(CloudException.Kind.TRANSIENT, action, "Interrupted",
          "interrupted while waiting for a task on the same ENI to end", null, null);
    } catch (CloudException e) {
      log.debug("{}: could not look at the ENIs' task ({}); backing off instead", action, e.errorCode());
      return EniTaskEnds.Outcome.TIMED_OUT;
    }
  }

  private void pause(String action, long nanos) throws CloudException {
    try {
      sleeper.sleepNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CloudException(CloudException.Kind.TRANSIENT, action, "Interrupted",
          "interrupted during retry backoff", null, null);
    }
  }

  private synchronized VpcClient client(CloudAccount account) {
    String host = settings.endpoint().hostFor(account.region());
    return clients.computeIfAbsent(new ClientKey(account.credentials(), account.region(), host), key -> {
      ClientProfile profile = SdkClients.profile(host, settings.endpoint().sdkProtocol(), settings.connectTimeout(),
          settings.readTimeout(), settings.writeTimeout());
      return new VpcClient(SdkClients.credential(key.credentials()), key.region(), profile);
    });
  }

}
