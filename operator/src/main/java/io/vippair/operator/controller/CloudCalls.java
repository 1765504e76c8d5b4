package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.failover.CloudAction;
import io.vippair.operator.failover.CloudCall;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Act, in docs/architecture.md's failover path: makes the cloud calls decisions ask for, on its
 * own threads, so a call that waits for rate-limit tokens, retries or hangs never holds a
 * reconcile thread and never keeps a pair's status from showing what its agents report. Each
 * call's progress (pending, a failed attempt's code, accepted with its task id, failed for good)
 * is kept per pair and wakes the pair, whose next snapshot carries it to the decision.
 */
final class CloudCalls extends AbstractEventSource<CloudCall, VipPair> {
  private static final Logger log = LoggerFactory.getLogger(CloudCalls.class);
  /** Calls in parallel; they mostly wait for tokens or answers. */
  static final int THREADS = 16;
  /** Calls waiting for a thread; one per pair at most is in flight, so this bounds a fleet failover. */
  static final int QUEUED = 20_000;

  /**
   * @param settled whether a round has since recorded the call's change as over (done, given up,
   *     failed): from then on the call only informs the back-off, it is no longer a change in flight
   */
  private record Latest(CloudCall call, Instant answeredAt, boolean settled) {
    Latest(CloudCall call, Instant answeredAt) {
      this(call, answeredAt, false);
    }
  }

  private final CloudPort cloud;
  private final Clock clock;
  private final Map<ResourceID, Latest> latest = new ConcurrentHashMap<>();
  private ThreadPoolExecutor pool;

  CloudCalls(CloudPort cloud, Clock clock) {
    super(CloudCall.class, "cloud-calls");
    this.cloud = cloud;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    super.start();
    pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r -> {
      Thread t = new Thread(r, "vippair-cloud-call");
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public synchronized void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
    super.stop();
  }

  @Override
  public Set<CloudCall> getSecondaryResources(VipPair primary) {
    CloudCall call = last(ResourceID.fromResource(primary));
    return call == null ? Set.of() : Set.of(call);
  }

  /** The pair's last call and how it went, or null. */
  CloudCall last(ResourceID id) {
    Latest l = latest.get(id);
    return l == null ? null : l.call();
  }

  /** Whether the pair's last call answered at or after {@code since} (null: never observed). */
  boolean answeredSince(ResourceID id, Instant since) {
    Latest l = latest.get(id);
    return l != null && l.answeredAt() != null && (since == null || !l.answeredAt().isBefore(since));
  }

  /**
   * The change of the pair's last call while no round has recorded it as over, else null. A round
   * can read the pair from a cache that does not hold the operator's own write of status.migration
   * yet (an agent's report arrived between the read and the write, so the write could not replace
   * the cached copy): the call, not that copy, says a change is in flight, and it must not be asked
   * for a second time.
   */
  Migration unsettled(ResourceID id) {
    Latest l = latest.get(id);
    boolean inFlight = l != null && !l.settled() && !(l.call() instanceof CloudCall.Failed);
    return inFlight ? l.call().requested().copy() : null;
  }

  /** The change of the pair's last call if a round has recorded it as over, else null. */
  Migration settled(ResourceID id) {
    Latest l = latest.get(id);
    return l != null && l.settled() ? l.call().requested().copy() : null;
  }

  /** Notes what a round recorded: a call whose change is no longer in status.migration is over. */
  void recorded(ResourceID id, Migration inStatus) {
    latest.computeIfPresent(id, (k, l) -> l.settled() || sameChange(l.call().requested(), inStatus) ? l
        : new Latest(l.call(), l.answeredAt(), true));
  }

  /** The same change whatever the task id a later round added to the record. */
  static boolean sameChange(Migration asked, Migration recorded) {
    if (asked == null || recorded == null) {
      return false;
    }
    Migration a = asked.copy();
    a.setTaskId(recorded.getTaskId());
    return a.equals(recorded);
  }

  void forget(ResourceID id) {
    latest.remove(id);
  }

  /** Makes the call for the change the decision recorded (requested), off this thread. */
  void submit(VipPair pair, CloudAccount account, CloudAction action, Migration requested) {
    ResourceID id = ResourceID.fromResource(pair);
    Migration asked = requested.copy();
    latest.put(id, new Latest(new CloudCall.Pending(asked, null), null));
    try {
      pool.execute(() -> run(pair, id, account, action, asked));
    } catch (RejectedExecutionException e) {
      answer(id, new CloudCall.Failed(asked, "Overloaded", "more than " + QUEUED + " cloud calls are waiting", true,
          clock.instant()));
    }
  }

  private void run(VipPair pair, ResourceID id, CloudAccount account, CloudAction action, Migration asked) {
    CloudPort.Attempts attempts = code -> {
      latest.put(id, new Latest(new CloudCall.Pending(asked, code), null));
      wake(id);
    };
    try {
      TaskHandle handle;
      if (action instanceof CloudAction.Migrate m) {
        handle = cloud.place(account, pair, m.toMember(), m.fromMember(), attempts);
      } else if (action instanceof CloudAction.Assign a) {
        handle = cloud.place(account, pair, a.toMember(), null, attempts);
      } else {
        handle = cloud.release(account, pair, ((CloudAction.Unassign) action).fromMember(), attempts);
      }
      log.info("{}: {} issued (task {})", CloudPort.key(pair), action, handle.taskId());
      answer(id, new CloudCall.Accepted(asked, handle.taskId()));
    } catch (CloudException e) {
      log.warn("{}: {} failed: {}", CloudPort.key(pair), action, e.getMessage());
      answer(id, new CloudCall.Failed(asked, e.errorCode(), e.getMessage(), e.retryableLater(), clock.instant()));
    } catch (RuntimeException e) {
      log.warn("{}: {} failed unexpectedly", CloudPort.key(pair), action, e);
      answer(id, new CloudCall.Failed(asked, "ClientError", e.getClass().getSimpleName(), true, clock.instant()));
    }
  }

  private void answer(ResourceID id, CloudCall call) {
    latest.put(id, new Latest(call, clock.instant()));
    wake(id);
  }

  private void wake(ResourceID id) {
    if (isRunning()) {
      getEventHandler().handleEvent(new Event(id));
    }
  }
}
