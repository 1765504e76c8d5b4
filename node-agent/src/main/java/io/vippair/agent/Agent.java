package io.vippair.agent;

import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.health.HealthMonitor;
import io.vippair.agent.health.HealthPlan;
import io.vippair.agent.keepalived.ConfigApplier;
import io.vippair.agent.keepalived.ConfigRenderer;
import io.vippair.agent.keepalived.FifoEvent;
import io.vippair.agent.keepalived.InvalidPairException;
import io.vippair.agent.keepalived.Keepalived;
import io.vippair.agent.keepalived.KeepalivedVersion;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.keepalived.PairSettings;
import io.vippair.agent.keepalived.RenderedConfig;
import io.vippair.agent.keepalived.TrackFiles;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.PairWatcher;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.Probe;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's core: turns what the API server says (pairs, probes, fences), what keepalived says
 * (FIFO transitions, running or not) and what the health checks say into keepalived.conf, track
 * files and reports.
 *
 * <p>Threads: watcher, FIFO reader and health checks never touch keepalived or the files; they
 * hand their news to one loop thread, which owns the rendered configuration. Pair changes are
 * coalesced per pair (latest wins) and applied together, so a burst of N updates costs one
 * {@code keepalived -t} and at most one reload. Reports go through the {@link ReportBook}, which
 * the reporter thread drains. Only the probe answer is written from the watcher thread directly:
 * it must not wait behind a config test.
 */
public final class Agent implements PairWatcher.Listener, Keepalived.Listener, HealthMonitor.Listener {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  /** Lets the informer's initial list arrive as one batch instead of one reload per pair. */
  private static final long COALESCE_MILLIS = 20;

  private final AgentConfig config;
  private final ScheduledExecutorService loop;
  private final ReportBook book;
  private final AgentMetrics metrics;
  private ConfigRenderer renderer;
  private final ConfigApplier applier;
  private final CommandRunner commands;
  private HealthMonitor health;
  private Keepalived keepalived;

  /** Latest change per pair from the watcher (empty = gone), not yet seen by the loop. */
  private final Map<PairKey, Optional<VipPair>> pending = new ConcurrentHashMap<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  // Owned by the loop thread.
  private final Map<PairKey, PairSettings> rendered = new TreeMap<>();
  /** The settings keepalived last rejected per pair: not tried again until the spec changes. */
  private final Map<PairKey, PairSettings> rejected = new HashMap<>();
  private final Map<PairKey, VipPair> known = new HashMap<>();
  private final Map<PairKey, Boolean> fenceWritten = new HashMap<>();

  public Agent(AgentConfig config, ScheduledExecutorService loop, ReportBook book, AgentMetrics metrics,
      ConfigApplier applier, CommandRunner commands) {
    this.config = config;
    this.loop = loop;
    this.book = book;
    this.metrics = metrics;
    this.applier = applier;
    this.commands = commands;
  }

  /** Wires the parts created after the agent (they need it as their listener). */
  public void attach(Keepalived keepalived, HealthMonitor health) {
    this.keepalived = keepalived;
    this.health = health;
    // only the keywords the installed keepalived parses (docs/agent.md, keepalived versions)
    this.renderer = new ConfigRenderer(config.member(), config.notifyFifo(), config.trackDir(),
        KeepalivedVersion.orNewest(keepalived.version()));
  }

  /**
   * Makes sure a configuration is in place and keepalived runs with it. An existing file (from a
   * keepalived that outlived a previous agent, or the system's own) is kept as it is until the
   * API server says otherwise.
   */
  public void startKeepalived() {
    loop.execute(() -> {
      try {
        if (applier.current() == null) {
          var result = applier.apply(renderer.render(rendered.values()).text());
          if (result.outcome() == ConfigApplier.Outcome.REJECTED) {
            log.error("keepalived rejects even an empty configuration: {}", result.error());
          }
        }
      } catch (RuntimeException e) {
        log.error("cannot write the initial keepalived configuration; starting keepalived anyway", e);
      }
      keepalived.start();
    });
  }

  // ---- news from the watcher (informer thread) ----

  @Override
  public void pairSeen(VipPair pair) {
    PairKey key = PairWatcher.keyOf(pair);
    if (!PairWatcher.labelled(pair, config.member())) {
      pairGone(key);
      return;
    }
    if (book.track(key, LocalReport.initial(now()))) {
      log.info("{}: this member is in the pair; rendering it", key);
    }
    VipPairStatus status = pair.getStatus();
    answerProbe(key, status == null ? null : status.getProbe());
    if (status != null && (status.getAgents() == null || !status.getAgents().containsKey(config.member()))) {
      book.resend(key); // the API server has no report of ours (new pair, or it lost it)
    }
    pending.put(key, Optional.of(pair));
    scheduleDrain();
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

  // ---- news from keepalived (FIFO thread, supervisor) ----

  /** One line from keepalived's notify FIFO. */
  public void vrrpEvent(FifoEvent event) {
    Optional<PairKey> key = PairKey.fromInstanceName(event.instance());
    if (key.isEmpty() || !book.contains(key.get())) {
      log.debug("notify FIFO: {} is not a pair of this agent", event.instance());
      return;
    }
    if (book.update(key.get(), r -> r.withRole(event.role(), now()))) {
      metrics.transition(key.get(), event.role());
      log.info("{}: {} (priority {})", key.get(), event.role(), event.priority());
    }
  }

  @Override
  public void runningChanged(boolean running) {
    if (!running) {
      // no keepalived, no VRRP: whatever the roles were, no instance can hold the VIP now
      book.updateAll(r -> r.withRole(VrrpRole.FAULT, now()));
      metrics.allRoles(VrrpRole.FAULT);
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
    Map<PairKey, Optional<VipPair>> changes = new LinkedHashMap<>();
    for (PairKey key : Map.copyOf(pending).keySet()) {
      changes.put(key, pending.remove(key));
    }
    try {
      reconcile(changes);
    } catch (RuntimeException e) {
      log.error("applying pair changes failed; retrying in 5 s", e);
      changes.forEach(pending::putIfAbsent);
      loop.schedule(this::drain, 5, TimeUnit.SECONDS);
    }
  }

  private void reconcile(Map<PairKey, Optional<VipPair>> changes) {
    Map<PairKey, PairSettings> candidates = new TreeMap<>();
    Map<PairKey, PairSettings> base = new TreeMap<>(rendered);
    boolean newlyKnown = false;
    for (var change : changes.entrySet()) {
      PairKey key = change.getKey();
      if (change.getValue().isEmpty()) {
        if (known.remove(key) != null || base.containsKey(key)) {
          log.info("{}: this member is no longer in the pair; removing its keepalived instance", key);
        }
        base.remove(key);
        health.remove(key);
        book.remove(key);
        fenceWritten.remove(key);
        rejected.remove(key);
        metrics.removePair(key);
        continue;
      }
      VipPair pair = change.getValue().get();
      newlyKnown |= known.put(key, pair) == null;
      PairSettings settings;
      try {
        settings = PairSettings.of(pair, config.member());
      } catch (InvalidPairException e) {
        log.warn("{}: cannot render it: {}", key, e.getMessage());
        book.update(key, r -> r.withConfigError(e.getMessage()));
        continue;
      }
      String clash = vridClash(settings, base, candidates);
      if (clash != null) {
        book.update(key, r -> r.withConfigError(clash));
        continue;
      }
      TrackFiles.of(config.trackDir(), key).createIfMissing();
      applyFence(key, pair.getStatus() == null ? null : pair.getStatus().getFence());
      health.set(key, HealthPlan.of(pair.getSpec().getHealthCheck(), settings.sourceIp(), config.localChecks(), commands));
      if (!settings.equals(rendered.get(key)) && !settings.equals(rejected.get(key))) {
        candidates.put(key, settings);
      }
    }
    applyConfig(base, candidates, newlyKnown);
    // track files of removed pairs go only once keepalived no longer reads them
    for (var change : changes.entrySet()) {
      if (change.getValue().isEmpty() && !rendered.containsKey(change.getKey())) {
        TrackFiles.of(config.trackDir(), change.getKey()).delete();
      }
    }
  }

  /** Two instances with one VRID on one interface would fight over the same VRRP packets. */
  private static String vridClash(PairSettings s, Map<PairKey, PairSettings> base, Map<PairKey, PairSettings> candidates) {
    for (var others : List.of(candidates, base)) {
      for (PairSettings o : others.values()) {
        if (!o.key().equals(s.key()) && o.virtualRouterId() == s.virtualRouterId() && o.interfaceName().equals(s.interfaceName())) {
          return "spec.vrrp.virtualRouterId " + s.virtualRouterId() + " is already used on interface " + s.interfaceName()
              + " of this member by VipPair " + o.key() + "; give each pair on a VM its own virtualRouterId";
        }
      }
    }
    return null;
  }

  private void applyFence(PairKey key, Fence fence) {
    boolean fenced = fence != null && config.member().equals(fence.getMember());
    Boolean before = fenceWritten.get(key);
    if (!Boolean.valueOf(fenced).equals(before)) {
      TrackFiles.write(TrackFiles.of(config.trackDir(), key).fence(), fenced);
      fenceWritten.put(key, fenced);
      if (fenced) {
        log.warn("{}: fenced by the operator ({}); keepalived instance held in FAULT", key, fence.getReason());
      } else if (before != null) {
        log.info("{}: fence lifted", key);
      }
    }
    book.update(key, r -> r.withFenced(fenced));
  }

  /**
   * Tries base + every candidate in one go. When keepalived rejects that, applies base alone and
   * then each candidate on its own, so one bad pair cannot hold back the others and each error is
   * reported on the pair that caused it.
   */
  private void applyConfig(Map<PairKey, PairSettings> base, Map<PairKey, PairSettings> candidates, boolean newlyKnown) {
    Map<PairKey, PairSettings> all = new TreeMap<>(base);
    all.putAll(candidates);
    ConfigApplier.Result result = applyAndReload(all);
    if (result.outcome() != ConfigApplier.Outcome.REJECTED) {
      accept(all, candidates.values());
      if (result.outcome() == ConfigApplier.Outcome.UNCHANGED && newlyKnown && keepalived.isRunning()) {
        keepalived.reload(); // a keepalived we adopted re-announces its states (fifo_write_vrrp_states_on_reload)
      }
      return;
    }
    // find out with keepalived -t alone which candidates can go in, then install and reload once
    Map<PairKey, PairSettings> good = new TreeMap<>(base);
    List<PairSettings> acceptedCandidates = new ArrayList<>();
    if (candidates.size() == 1) {
      reject(candidates.values().iterator().next(), result.error());
    } else {
      for (PairSettings candidate : candidates.values()) {
        Map<PairKey, PairSettings> trial = new TreeMap<>(good);
        trial.put(candidate.key(), candidate);
        String error = applier.test(renderer.render(trial.values()).text());
        if (error != null) {
          reject(candidate, error);
        } else {
          good = trial;
          acceptedCandidates.add(candidate);
        }
      }
    }
    if (applyAndReload(good).outcome() == ConfigApplier.Outcome.REJECTED) {
      log.error("keepalived rejects the configuration even without the changed pairs; keeping the running one");
      accept(rendered, List.of());
      return;
    }
    accept(good, acceptedCandidates);
  }

  private ConfigApplier.Result applyAndReload(Map<PairKey, PairSettings> pairs) {
    ConfigApplier.Result result = applier.apply(renderer.render(pairs.values()).text());
    switch (result.outcome()) {
      case APPLIED -> {
        metrics.configReload(true);
        log.info("keepalived configuration applied ({} pairs); reloading keepalived", pairs.size());
        keepalived.reload();
      }
      case REJECTED -> metrics.configReload(false);
      case UNCHANGED -> { }
    }
    return result;
  }

  /**
   * Records what keepalived now runs with. Only the pairs whose new settings made it in report the
   * new generation and hash (and lose their configError); the others keep reporting the last
   * generation keepalived accepted for them.
   */
  private void accept(Map<PairKey, PairSettings> nowRendered, Collection<PairSettings> acceptedCandidates) {
    Map<PairKey, PairSettings> snapshot = new TreeMap<>(nowRendered);
    rendered.clear();
    rendered.putAll(snapshot);
    RenderedConfig current = renderer.render(rendered.values());
    for (PairSettings s : acceptedCandidates) {
      rejected.remove(s.key());
      String hash = current.pairHashes().get(s.key());
      book.update(s.key(), r -> r.withConfigApplied(s.generation(), hash));
    }
  }

  private void reject(PairSettings candidate, String error) {
    PairKey key = candidate.key();
    rejected.put(key, candidate);
    log.warn("{}: keepalived rejected the new configuration, the previous one keeps running: {}", key, error);
    book.update(key, r -> r.withConfigError(error));
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
