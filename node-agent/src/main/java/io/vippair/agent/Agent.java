package io.vippair.agent;

import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.health.HealthMonitor;
import io.vippair.agent.health.HealthPlan;
import io.vippair.agent.hooks.HookPlan;
import io.vippair.agent.hooks.NotifyHooks;
import io.vippair.agent.keepalived.ConfigApplier;
import io.vippair.agent.keepalived.ConfigRenderer;
import io.vippair.agent.keepalived.FifoEvent;
import io.vippair.agent.keepalived.InvalidPairException;
import io.vippair.agent.keepalived.Keepalived;
import io.vippair.agent.keepalived.KeepalivedStates;
import io.vippair.agent.keepalived.KeepalivedVersion;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.keepalived.PairSettings;
import io.vippair.agent.keepalived.TrackFiles;
import io.vippair.agent.keepalived.VridClash;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.PairWatcher;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.Probe;
import io.vippair.api.v1alpha1.StatusTime;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's core: turns what the API server says (pairs, probes, fences), what keepalived says
 * (FIFO transitions, state dumps, running or not) and what the health checks say into
 * keepalived.conf, track files and reports.
 *
 * <p>Threads: watcher, FIFO reader, keepalived supervisor and health checks never touch
 * keepalived.conf; they hand their news to one loop thread, which owns the rendered configuration
 * ({@link ConfigInstaller}). Pair changes are coalesced per pair (latest wins) and applied together,
 * so a burst of N updates costs one {@code keepalived -t} and at most one reload. Reports go through
 * the {@link ReportBook}, which the reporter thread drains. Only the probe answer is written from
 * the watcher thread directly: it must not wait behind a config test. Nothing here waits for the
 * API server.
 */
public final class Agent implements PairWatcher.Listener, Keepalived.Listener, HealthMonitor.Listener {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  /** Lets the informer's initial list arrive as one batch instead of one reload per pair. */
  private static final long COALESCE_MILLIS = 20;

  private final AgentConfig config;
  private final ScheduledExecutorService loop;
  private final ReportBook book;
  private final AgentMetrics metrics;
  private final ConfigApplier applier;
  private final CommandRunner commands;
  private final InstanceRoles roles = new InstanceRoles();
  /** Done once the agent knows the roles of a keepalived it found running, or that it found none. */
  private final CompletableFuture<Void> initialRoles = new CompletableFuture<>();
  private HealthMonitor health;
  private final NotifyHooks hooks;
  private Keepalived keepalived;
  private ConfigInstaller installer;
  private AdoptedRoles adoptedRoles;
  private Executor stateThread;
  private volatile boolean adopting;

  /** Latest change per pair from the watcher (empty = gone), not yet seen by the loop. */
  private final Map<PairKey, Optional<VipPair>> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final FirstListGate firstList = new FirstListGate();

  // Owned by the loop thread.
  private final Map<PairKey, VipPair> known = new HashMap<>();
  private final OperatorTrackFiles operatorTrackFiles;

  public Agent(AgentConfig config, ScheduledExecutorService loop, ReportBook book, AgentMetrics metrics,
      ConfigApplier applier, CommandRunner commands) {
    this.config = config;
    this.loop = loop;
    this.book = book;
    this.metrics = metrics;
    this.applier = applier;
    this.commands = commands;
    this.hooks = new NotifyHooks(config.member(), commands, book, metrics); // daemon threads; a running hook outlives a stop
    this.operatorTrackFiles = new OperatorTrackFiles(config.member(), config.trackDir(), book, loop, commands);
  }

  /**
   * Wires the parts created after the agent (they need it as their listener).
   *
   * @param states reads an adopted keepalived's states (null: never asks), on stateThread
   */
  public void attach(Keepalived keepalived, HealthMonitor health, KeepalivedStates states, Executor stateThread) {
    this.keepalived = keepalived;
    this.health = health;
    this.adoptedRoles = states == null ? null : new AdoptedRoles(states, roles, book, metrics);
    this.stateThread = stateThread;
    // only the keywords the installed keepalived parses (docs/agent.md, keepalived versions); asked
    // on first use, so adopting a running keepalived does not wait for `keepalived --version`
    this.installer = new ConfigInstaller(() -> new ConfigRenderer(config.member(), config.notifyFifo(), config.trackDir(),
        KeepalivedVersion.orNewest(keepalived.version())), applier, book, metrics, keepalived);
  }

  /**
   * Makes sure a configuration is in place, then has keepalived run (or adopted) with it. Adopting
   * a running keepalived changes nothing, so it happens at once; writing a file or starting
   * keepalived waits for mayChange (the last checks of the agent's settings; failed: nothing).
   */
  public void startKeepalived(CompletableFuture<?> mayChange) {
    loop.execute(() -> {
      if (!keepalived.runningAlready()) {
        try {
          mayChange.join();
          installer.ensureInitialFile();
        } catch (java.util.concurrent.CompletionException e) {
          return; // the agent stops with that error
        } catch (RuntimeException e) {
          log.error("cannot write the initial keepalived configuration; starting keepalived anyway", e);
        }
      }
      keepalived.start();
    });
  }

  /** Completes once the roles of a keepalived found running are known, or none was found. */
  public CompletableFuture<Void> initialRoles() {
    return initialRoles;
  }

  // ---- news from the watcher (informer thread) ----

  @Override
  public void pairSeen(VipPair pair) {
    PairKey key = PairWatcher.keyOf(pair);
    if (!PairWatcher.labelled(pair, config.member())) {
      pairGone(key);
      return;
    }
    Optional<InstanceRoles.Change> said = roles.seen(key);
    LocalReport initial = said.map(c -> LocalReport.initial(now()).withRole(c.role(), c.since())).orElse(LocalReport.initial(now()));
    if (book.track(key, initial)) {
      log.info("{}: this member is in the pair; rendering it (keepalived says {})", key, initial.role());
    }
    VipPairStatus status = pair.getStatus();
    answerProbe(key, status == null ? null : status.getProbe());
    if (status != null && (status.getAgents() == null || !status.getAgents().containsKey(config.member()))) {
      book.resend(key); // the API server has no report of ours (new pair, or it lost it)
    } else if (status != null) {
      book.shown(key, StatusTime.parse(status.getAgents().get(config.member()).getReportedAt()));
    }
    pending.put(key, Optional.of(pair));
    scheduleDrain();
  }

  @Override
  public void listed(Set<PairKey> pairs) {
    if (firstList.listed(pairs)) {
      log.info("the API server lists {} pairs of this member; configuring keepalived once all have arrived", pairs.size());
      scheduleDrain();
    }
  }

  @Override
  public void pairGone(PairKey key) {
    pending.put(key, Optional.empty());
    scheduleDrain();
  }

  private void answerProbe(PairKey key, Probe probe) {
    if (probe == null || probe.getNonce() == null || !config.member().equals(probe.getMember())) {
      return;
    }
    if (book.update(key, r -> r.withAck(probe.getNonce()))) {
      metrics.probeAnswered();
      log.debug("{}: answering probe {}", key, probe.getNonce());
    }
  }

  private void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      loop.schedule(this::drain, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  // ---- news from keepalived (FIFO thread, supervisor, state reader) ----

  /** One line from keepalived's notify FIFO. */
  public void vrrpEvent(FifoEvent event) {
    Optional<InstanceRoles.Change> change = roles.fromFifo(event.instance(), event.role(), now(), System.nanoTime());
    if (change.isEmpty() || !book.contains(change.get().pair())) {
      log.debug("notify FIFO: {} is not a pair of this agent", event.instance());
      return;
    }
    PairKey key = change.get().pair();
    if (book.update(key, r -> r.withRole(event.role(), change.get().since()))) {
      metrics.transition(key, event.role());
      log.info("{}: {} (priority {})", key, event.role(), event.priority());
      hooks.transition(key, event.role()); // handed over, never waited for
    }
  }

  @Override
  public void adopted(long pid) {
    adopting = true;
    if (adoptedRoles == null) {
      initialRoles.complete(null);
      return;
    }
    stateThread.execute(() -> {
      try {
        adoptedRoles.read(pid);
      } finally {
        adopting = false;
        initialRoles.complete(null);
      }
    });
  }

  @Override
  public void runningChanged(boolean running) {
    if (!running) {
      // no keepalived, no VRRP: whatever the roles were, no instance can hold the VIP now
      roles.allFault(now(), System.nanoTime());
      book.updateAll(r -> r.afterKeepalivedExit(now()));
      metrics.allRoles(VrrpRole.FAULT);
    } else if (!adopting) {
      initialRoles.complete(null); // started afresh: the FIFO tells every state
    }
  }

  // ---- news from the health checks ----

  @Override
  public void healthChanged(PairKey pair, boolean healthy, String message) {
    loop.execute(() -> {
      if (!known.containsKey(pair)) {
        return;
      }
      TrackFiles.write(TrackFiles.of(config.trackDir(), pair).health(), !healthy);
      book.update(pair, r -> r.withHealth(healthy, message));
    });
  }

  // ---- the loop ----

  private void drain() {
    drainScheduled.set(false);
    if (!firstListArrived()) {
      return;
    }
    Map<PairKey, Optional<VipPair>> changes = new LinkedHashMap<>();
    for (PairKey key : Map.copyOf(pending).keySet()) {
      changes.put(key, pending.remove(key));
    }
    try {
      reconcile(changes);
    } catch (RuntimeException e) {
      // only what concerns every pair gets here (keepalived.conf cannot be written); one pair's trouble never does
      log.error("applying pair changes failed; retrying in 5 s", e);
      changes.forEach(pending::putIfAbsent);
      loop.schedule(this::drain, 5, TimeUnit.SECONDS);
    }
  }

  /** Whether the first apply may go ahead ({@link FirstListGate}); schedules the next look when not. */
  private boolean firstListArrived() {
    Set<PairKey> arrived = Set.copyOf(pending.keySet());
    return switch (firstList.verdict(arrived, System.nanoTime())) {
      case APPLY -> true;
      case APPLY_WITHOUT_SOME -> {
        log.warn("not every pair the API server listed has reached the agent within {} s; configuring keepalived with the {} that have",
            FirstListGate.MAX_WAIT.toSeconds(), arrived.size());
        yield true;
      }
      case AWAIT_LIST -> false;
      case AWAIT_PAIRS -> {
        loop.schedule(this::drain, FirstListGate.RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        yield false;
      }
    };
  }

  private void reconcile(Map<PairKey, Optional<VipPair>> changes) {
    Map<PairKey, PairSettings> candidates = new TreeMap<>();
    Map<PairKey, PairSettings> base = new TreeMap<>(installer.rendered());
    for (var change : changes.entrySet()) {
      PairKey key = change.getKey();
      if (change.getValue().isEmpty()) {
        remove(key, base);
        continue;
      }
      try {
        prepare(key, change.getValue().get(), base, candidates);
      } catch (RuntimeException e) {
        log.warn("{}: cannot prepare it; other pairs go ahead", key, e);
        book.update(key, r -> r.withConfigError("the agent cannot prepare this pair: " + e.getMessage()));
      }
    }
    installer.apply(base, candidates);
    operatorTrackFiles.confirmSwitchovers(installer.rendered());
    // mode HaVip: an announce request is answered once keepalived runs the config that re-announces
    installer.rendered().values().stream().filter(p -> p.announceNonce() != null && changes.containsKey(p.key()))
        .forEach(p -> book.update(p.key(), r -> r.withAnnounced(p.announceNonce())));
    // track files of removed pairs go only once keepalived no longer reads them
    for (var change : changes.entrySet()) {
      if (change.getValue().isEmpty() && !installer.rendered().containsKey(change.getKey())) {
        TrackFiles.of(config.trackDir(), change.getKey()).delete();
      }
    }
  }

  private void remove(PairKey key, Map<PairKey, PairSettings> base) {
    if (known.remove(key) != null || base.containsKey(key)) {
      log.info("{}: this member is no longer in the pair; removing its keepalived instance", key);
    }
    base.remove(key);
    health.remove(key);
    hooks.remove(key);
    book.remove(key);
    roles.forget(key);
    operatorTrackFiles.forget(key);
    installer.forget(key);
    metrics.removePair(key);
  }

  /** Track files, fence and health check of one pair; its settings join candidates when keepalived must see them. */
  private void prepare(PairKey key, VipPair pair, Map<PairKey, PairSettings> base, Map<PairKey, PairSettings> candidates) {
    known.put(key, pair);
    PairSettings settings;
    try {
      settings = PairSettings.of(pair, config.member());
    } catch (InvalidPairException e) {
      log.warn("{}: cannot render it: {}", key, e.getMessage());
      book.update(key, r -> r.withConfigError(e.getMessage()));
      return;
    }
    String clash = VridClash.find(settings, base, candidates);
    if (clash != null) {
      book.update(key, r -> r.withConfigError(clash));
      return;
    }
    TrackFiles.of(config.trackDir(), key).createIfMissing();
    operatorTrackFiles.apply(key, pair);
    health.set(key, HealthPlan.of(pair.getSpec().getHealthCheck(), settings.sourceIp(), config.localChecks(), commands));
    hooks.set(key, HookPlan.of(key, pair, config.member(), config.notifyHooks()));
    if (installer.isNew(settings)) {
      candidates.put(key, settings);
    }
  }

  /** Runs on the loop: whether the loop is responsive (for /healthz). */
  public boolean loopResponsive() {
    try {
      loop.submit(() -> { }).get(2, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  public int pairCount() {
    return book.size();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
