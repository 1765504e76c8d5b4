package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.CredentialsException;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.cloud.Placement;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.failover.CloudView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that looks at the cloud (observe, in docs/architecture.md's failover path).
 * Every resync period it observes all pairs, grouped by account, with the cloud mode's batched
 * observe, keeps the answer per pair in member terms, and wakes the pairs whose answer changed.
 * Every task poll interval it follows, in batches, the pairs that have a change in flight, which
 * it finds itself: a change recorded in status.migration, a VIP the cloud shows moving (whoever
 * moves it), a pair not observed yet, and a pair whose cloud call answered after its last look;
 * for a recorded change with a task id it polls the task once the cloud no longer shows the VIP
 * moving. Once a change settles the pair drops back to the routine period. Reconciles read the
 * cached answers and never wait for the cloud. Runs only on the leader.
 */
final class FleetObserver extends AbstractEventSource<FleetObserver.Observed, VipPair> {
  private static final Logger log = LoggerFactory.getLogger(FleetObserver.class);

  /** The cloud's answer for one pair, in member terms, and when it was given. */
  record Observed(Placement placement, Instant at) {
    CloudView view() {
      return placement.view();
    }
  }

  private final EventSourceContext<VipPair> context;
  private final CloudPort cloud;
  private final CredentialsResolver accounts;
  private final Duration period;
  private final Duration pollInterval;
  private final Clock clock;
  private final BooleanSupplier leading;
  private final Predicate<VipPair> callAnsweredSinceLastLook;
  private final Map<ResourceID, Observed> cache = new ConcurrentHashMap<>();
  private final Map<String, TaskState> tasks = new ConcurrentHashMap<>();
  private final AtomicLong rounds = new AtomicLong();
  private final Object roundLock = new Object();
  private ScheduledExecutorService timer;
  private Instant nextRound = Instant.EPOCH; // only the round task uses it, and its runs never overlap

  /**
   * @param callAnsweredSinceLastLook whether this operator's cloud call for the pair answered
   *     after the pair's last observation (a refused change may mean the picture is stale)
   */
  FleetObserver(EventSourceContext<VipPair> context, CloudPort cloud, CredentialsResolver accounts, Duration period,
      Duration pollInterval, Clock clock, BooleanSupplier leading, Predicate<VipPair> callAnsweredSinceLastLook) {
    super(Observed.class, "fleet-observer");
    this.context = context;
    this.cloud = cloud;
    this.accounts = accounts;
    this.period = period;
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.leading = leading;
    this.callAnsweredSinceLastLook = callAnsweredSinceLastLook;
  }

  @Override
  public synchronized void start() {
    super.start();
    timer = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "vippair-fleet-observer");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::safeRound, 0, Math.min(1000, Math.max(100, period.toMillis() / 10)), TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::safeFollowUp, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    super.stop();
  }

  @Override
  public Set<Observed> getSecondaryResources(VipPair primary) {
    return cached(ResourceID.fromResource(primary)).map(Set::of).orElse(Set.of());
  }

  Optional<Observed> cached(ResourceID id) {
    return Optional.ofNullable(cache.get(id));
  }

  /** The last known state of a followed task, or null when it was not polled yet. */
  TaskState taskState(String taskId) {
    return taskId == null ? null : tasks.get(taskId);
  }

  /** How many fleet rounds have completed (tests and /readyz use it). */
  long rounds() {
    return rounds.get();
  }

  /**
   * Waits (bounded) for a fleet round that is running now, so that the reconciles of a fresh start
   * read its answers instead of each finding its pair not observed yet.
   */
  void awaitRoundInProgress(Duration max) {
    if (rounds.get() > 0) {
      return;
    }
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (roundLock) {
      while (rounds.get() == 0 && leading.getAsBoolean() && System.nanoTime() < deadline) {
        try {
          roundLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // The timer ticks often so that a new leader observes at once; a round runs once per period.
  private void safeRound() {
    try {
      if (!leading.getAsBoolean() || clock.instant().isBefore(nextRound)) {
        return;
      }
      nextRound = clock.instant().plus(period);
      observeFleet();
    } catch (RuntimeException e) {
      log.warn("fleet observation failed; next round in {}: {}", period, e.toString());
    }
  }

  private void safeFollowUp() {
    try {
      if (leading.getAsBoolean()) {
        followUp();
      }
    } catch (RuntimeException e) {
      log.warn("following cloud changes in flight failed; trying again in {}: {}", pollInterval, e.toString());
    }
  }

  /** Whether the pair has a change in flight that the observer must follow closely. */
  boolean inFlight(VipPair pair) {
    Observed seen = cache.get(ResourceID.fromResource(pair));
    return pair.getStatus() != null && pair.getStatus().getMigration() != null
        || seen == null
        || seen.view() instanceof CloudView.Migrating
        || callAnsweredSinceLastLook.test(pair);
  }

  /** Observes the pairs with a change in flight (batched) and polls the tasks the cloud shows settled. */
  void followUp() {
    List<VipPair> followed = observable().stream().filter(this::inFlight).toList();
    if (followed.isEmpty()) {
      return;
    }
    observe(followed, CallPriority.URGENT, true);
  }

  /** One round over every pair in the cache of the controller. */
  void observeFleet() {
    long started = System.nanoTime();
    List<VipPair> pairs = observable();
    int changed = observe(pairs, CallPriority.ROUTINE, false);
    forgetPairsThatAreGone(pairs);
    synchronized (roundLock) {
      rounds.incrementAndGet();
      roundLock.notifyAll();
    }
    log.debug("observed {} pairs in {} ms; {} changed owner", pairs.size(), (System.nanoTime() - started) / 1_000_000, changed);
  }

  private List<VipPair> observable() {
    return context.getPrimaryCache().list()
        .filter(pair -> SpecGuard.missingField(pair) == null) // deleting ones too: a release must be confirmed
        .toList();
  }

  /** Observes the pairs, wakes the ones whose answer changed; returns how many changed. */
  private int observe(List<VipPair> pairs, CallPriority priority, boolean pollTasks) {
    Map<CloudAccount, List<VipPair>> byAccount = new LinkedHashMap<>();
    for (VipPair pair : pairs) {
      try {
        byAccount.computeIfAbsent(accounts.accountFor(pair), a -> new ArrayList<>()).add(pair);
      } catch (CredentialsException e) {
        // the pair's own reconcile reports this; nothing to ask the cloud
      }
    }
    int changed = 0;
    for (var entry : byAccount.entrySet()) {
      Map<String, Placement> answer = cloud.observe(entry.getKey(), entry.getValue(), priority);
      Instant at = clock.instant();
      for (VipPair pair : entry.getValue()) {
        ResourceID id = ResourceID.fromResource(pair);
        Placement placement = answer.getOrDefault(CloudPort.key(pair),
            new Placement(new CloudView.Unknown("the cloud's answer did not mention this pair", "MissingAnswer"), null));
        Observed before = cache.put(id, new Observed(placement, at));
        boolean wake = before == null ? pollTasks : !samePlacement(before.placement(), placement);
        if (pollTasks && !(placement.view() instanceof CloudView.Migrating)) {
          wake |= pollTask(entry.getKey(), pair);
        }
        if (wake) {
          changed++;
          getEventHandler().handleEvent(new Event(id));
        }
      }
    }
    return changed;
  }

  private boolean pollTask(CloudAccount account, VipPair pair) {
    String taskId = hasMigration(pair) ? pair.getStatus().getMigration().getTaskId() : null;
    if (taskId == null) {
      return false;
    }
    TaskState before = tasks.get(taskId);
    if (before instanceof TaskState.Succeeded || before instanceof TaskState.Failed) {
      return false;
    }
    try {
      TaskState now = cloud.follow(account, pair, taskId);
      tasks.put(taskId, now);
      return !now.equals(before);
    } catch (CloudException e) {
      log.debug("{}: task {} could not be polled: {}", CloudPort.key(pair), taskId, e.getMessage());
      return false;
    }
  }

  private void forgetPairsThatAreGone(List<VipPair> pairs) {
    Set<ResourceID> present = new HashSet<>();
    Set<String> taskIds = new HashSet<>();
    context.getPrimaryCache().list().forEach(p -> {
      present.add(ResourceID.fromResource(p));
      if (hasMigration(p) && p.getStatus().getMigration().getTaskId() != null) {
        taskIds.add(p.getStatus().getMigration().getTaskId());
      }
    });
    cache.keySet().retainAll(present);
    tasks.keySet().retainAll(taskIds);
  }

  private static boolean hasMigration(VipPair pair) {
    return pair.getStatus() != null && pair.getStatus().getMigration() != null;
  }

  private static boolean samePlacement(Placement a, Placement b) {
    // Unknown carries a reason text that may differ between rounds; only its kind matters here
    boolean sameView = a.view().equals(b.view())
        || a.view() instanceof CloudView.Unknown && b.view() instanceof CloudView.Unknown;
    return sameView && java.util.Objects.equals(a.problem(), b.problem());
  }
}
