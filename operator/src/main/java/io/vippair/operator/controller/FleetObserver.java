package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudObservation;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.CredentialsException;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.cloud.EniFacts;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.cloud.VipOwnership;
import io.vippair.operator.cloud.VipQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that looks at the whole fleet in the cloud: every resync period it observes all
 * pairs, grouped by account and region, with the cloud port's batched observe (about one call per
 * 50 pairs), keeps the answer per pair, and wakes only the pairs whose owner changed. Reconciles
 * read the cached answer instead of calling the cloud. Pairs with a cloud change in flight are
 * followed more closely ({@link #follow}): every task poll interval they are observed in batches
 * as well, and once the cloud no longer shows the VIP moving, their task is polled; a pair is woken
 * when either answer changes. Reconcile threads therefore never wait for the cloud's slower
 * task-result budget. Runs only on the leader.
 */
final class FleetObserver extends AbstractEventSource<FleetObserver.Observed, VipPair> {
  private static final Logger log = LoggerFactory.getLogger(FleetObserver.class);

  /** The cloud's answer for one pair, and when it was given. */
  record Observed(VipOwnership ownership, Map<String, EniFacts> enis, Instant at) {}

  private final EventSourceContext<VipPair> context;
  private final CloudPort cloud;
  private final CredentialsResolver accounts;
  private final Duration period;
  private final Clock clock;
  private final BooleanSupplier leading;
  private final Map<ResourceID, Observed> cache = new ConcurrentHashMap<>();
  private final Map<ResourceID, InFlight> inFlight = new ConcurrentHashMap<>();
  private final Map<String, TaskState> tasks = new ConcurrentHashMap<>();
  private final Duration pollInterval;
  private final AtomicLong rounds = new AtomicLong();
  private final Object roundLock = new Object();
  private ScheduledExecutorService timer;
  private Instant nextRound = Instant.EPOCH; // only the round task uses it, and its runs never overlap

  /** A pair whose cloud change is in flight; taskId is null when the port found it already under way. */
  private record InFlight(VipPair pair, CloudAccount account, String taskId) {}

  FleetObserver(EventSourceContext<VipPair> context, CloudPort cloud, CredentialsResolver accounts, Duration period,
      Duration pollInterval, Clock clock, BooleanSupplier leading) {
    super(Observed.class, "fleet-observer");
    this.context = context;
    this.cloud = cloud;
    this.accounts = accounts;
    this.period = period;
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.leading = leading;
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

  /** Drops a pair's cached answer, so its next reconcile asks the cloud (after a refused action). */
  void forget(ResourceID id) {
    cache.remove(id);
    unfollow(id);
  }

  /** Follows the pair's cloud change in flight until {@link #unfollow}. */
  void follow(VipPair pair, CloudAccount account, String taskId) {
    InFlight before = inFlight.put(ResourceID.fromResource(pair), new InFlight(pair, account, taskId));
    if (before != null && before.taskId() != null && !before.taskId().equals(taskId)) {
      tasks.remove(before.taskId());
    }
  }

  /** The pair has no cloud change in flight (any more). */
  void unfollow(ResourceID id) {
    InFlight gone = inFlight.remove(id);
    if (gone != null && gone.taskId() != null) {
      tasks.remove(gone.taskId());
    }
  }

  /** The last known state of a followed task, or null when it was not polled yet. */
  TaskState taskState(String taskId) {
    return taskId == null ? null : tasks.get(taskId);
  }

  /** How many fleet rounds have completed (tests and /readyz use it). */
  long rounds() {
    return rounds.get();
  }

  /** Observes one pair now (a change is in flight, or the pair is new) and caches the answer. */
  Observed observe(VipPair pair, CloudAccount account, CallPriority priority) {
    CloudObservation answer = cloud.observe(account, List.of(query(pair)), priority);
    Observed observed = toObserved(pair, answer);
    cache.put(ResourceID.fromResource(pair), observed);
    return observed;
  }

  /**
   * Waits (bounded) for a fleet round that is running now, so that the reconciles of a fresh start
   * read its answers instead of each asking the cloud on its own.
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
      if (leading.getAsBoolean() && !inFlight.isEmpty()) {
        followUp();
      }
    } catch (RuntimeException e) {
      log.warn("following cloud changes in flight failed; trying again in {}: {}", pollInterval, e.toString());
    }
  }

  /** Observes the pairs with a change in flight (batched) and polls the tasks the cloud shows settled. */
  void followUp() {
    Map<CloudAccount, List<InFlight>> byAccount = new LinkedHashMap<>();
    inFlight.values().forEach(f -> byAccount.computeIfAbsent(f.account(), a -> new ArrayList<>()).add(f));
    for (var entry : byAccount.entrySet()) {
      CloudObservation answer = cloud.observe(entry.getKey(),
          entry.getValue().stream().map(f -> query(f.pair())).toList(), CallPriority.URGENT);
      for (InFlight f : entry.getValue()) {
        ResourceID id = ResourceID.fromResource(f.pair());
        if (!inFlight.containsKey(id)) {
          continue; // completed meanwhile
        }
        Observed now = toObserved(f.pair(), answer);
        Observed before = cache.put(id, now);
        boolean changed = before == null || !sameOwner(before.ownership(), now.ownership());
        if (f.taskId() != null && !(now.ownership() instanceof VipOwnership.Migrating)) {
          changed |= pollTask(f);
        }
        if (changed) {
          getEventHandler().handleEvent(new Event(id));
        }
      }
    }
  }

  private boolean pollTask(InFlight f) {
    TaskState before = tasks.get(f.taskId());
    if (before instanceof TaskState.Succeeded || before instanceof TaskState.Failed) {
      return false;
    }
    try {
      TaskState now = cloud.taskState(f.account(), f.taskId());
      tasks.put(f.taskId(), now);
      return !now.equals(before);
    } catch (CloudException e) {
      log.debug("{}: task {} could not be polled: {}", key(f.pair()), f.taskId(), e.getMessage());
      return false;
    }
  }

  /** One round over every pair in the cache of the controller. */
  void observeFleet() {
    long started = System.nanoTime();
    Map<CloudAccount, List<VipPair>> byAccount = new LinkedHashMap<>();
    context.getPrimaryCache().list().forEach(pair -> {
      if (SpecGuard.missingField(pair) != null || pair.isMarkedForDeletion()) {
        return;
      }
      try {
        byAccount.computeIfAbsent(accounts.accountFor(pair), a -> new ArrayList<>()).add(pair);
      } catch (CredentialsException e) {
        // the pair's own reconcile reports this; nothing to ask the cloud
      }
    });
    int pairs = 0;
    int changed = 0;
    for (var entry : byAccount.entrySet()) {
      Map<String, VipPair> byKey = new HashMap<>();
      List<VipQuery> queries = new ArrayList<>();
      for (VipPair pair : entry.getValue()) {
        VipQuery q = query(pair);
        byKey.put(q.key(), pair);
        queries.add(q);
      }
      CloudObservation answer = cloud.observe(entry.getKey(), queries, CallPriority.ROUTINE);
      for (VipPair pair : entry.getValue()) {
        ResourceID id = ResourceID.fromResource(pair);
        Observed now = toObserved(pair, answer);
        Observed before = cache.put(id, now);
        pairs++;
        if (before != null && !sameOwner(before.ownership(), now.ownership())) {
          changed++;
          getEventHandler().handleEvent(new Event(id));
        }
      }
    }
    synchronized (roundLock) {
      rounds.incrementAndGet();
      roundLock.notifyAll();
    }
    log.debug("observed {} pairs in {} accounts in {} ms; {} changed owner", pairs, byAccount.size(),
        (System.nanoTime() - started) / 1_000_000, changed);
  }

  private static boolean sameOwner(VipOwnership a, VipOwnership b) {
    // Unknown carries a reason text that may differ between rounds; only its kind matters here
    return a.equals(b) || (a instanceof VipOwnership.Unknown && b instanceof VipOwnership.Unknown);
  }

  private Observed toObserved(VipPair pair, CloudObservation answer) {
    String key = key(pair);
    VipOwnership ownership = answer.ownership().getOrDefault(key,
        new VipOwnership.Unknown("the cloud's answer did not mention this pair", "MissingAnswer"));
    Map<String, EniFacts> enis = new HashMap<>();
    for (Member m : pair.getSpec().getMembers()) {
      EniFacts facts = answer.enis().get(m.getNetworkInterfaceId());
      if (facts != null) {
        enis.put(m.getNetworkInterfaceId(), facts);
      }
    }
    // ENI facts are only meaningful when the cloud answered for this pair
    return new Observed(ownership, ownership instanceof VipOwnership.Unknown ? null : Map.copyOf(enis), clock.instant());
  }

  static VipQuery query(VipPair pair) {
    var spec = pair.getSpec();
    return new VipQuery(key(pair), spec.getCloud().getVpcId(), spec.getVip().getAddress(),
        spec.getMembers().stream().map(Member::getNetworkInterfaceId).toList());
  }

  static String key(VipPair pair) {
    return pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName();
  }
}
