package io.vippair.agent;

import io.vippair.agent.keepalived.ConfigApplier;
import io.vippair.agent.keepalived.ConfigRenderer;
import io.vippair.agent.keepalived.Keepalived;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.keepalived.PairSettings;
import io.vippair.agent.keepalived.RenderedConfig;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.ReportBook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns what keepalived runs with: the pairs rendered into keepalived.conf, and the settings
 * keepalived last rejected per pair. Used by the agent's loop thread only.
 */
final class ConfigInstaller {
  private static final Logger log = LoggerFactory.getLogger(ConfigInstaller.class);

  private final Supplier<ConfigRenderer> rendererFactory;
  private ConfigRenderer renderer;
  private final ConfigApplier applier;
  private final ReportBook book;
  private final AgentMetrics metrics;
  private final Keepalived keepalived;

  private final Map<PairKey, PairSettings> rendered = new TreeMap<>();
  /** The settings keepalived last rejected per pair: not tried again until the spec changes. */
  private final Map<PairKey, PairSettings> rejected = new HashMap<>();

  /** @param renderer made on first use (it asks keepalived for its version) */
  ConfigInstaller(Supplier<ConfigRenderer> renderer, ConfigApplier applier, ReportBook book, AgentMetrics metrics, Keepalived keepalived) {
    this.rendererFactory = renderer;
    this.applier = applier;
    this.book = book;
    this.metrics = metrics;
    this.keepalived = keepalived;
  }

  /**
   * Writes a configuration unless one is there. An existing file (from a keepalived that outlived
   * a previous agent, or the system's own) is kept as it is until the API server says otherwise.
   */
  void ensureInitialFile() {
    if (applier.current() == null) {
      var result = applier.apply(renderer().render(rendered.values()).text());
      if (result.outcome() == ConfigApplier.Outcome.REJECTED) {
        log.error("keepalived rejects even an empty configuration: {}", result.error());
      }
    }
  }

  private ConfigRenderer renderer() {
    if (renderer == null) {
      renderer = rendererFactory.get();
    }
    return renderer;
  }

  Map<PairKey, PairSettings> rendered() {
    return Map.copyOf(rendered);
  }

  /** Whether settings differ from what runs and from what keepalived already refused. */
  boolean isNew(PairSettings settings) {
    return !settings.equals(rendered.get(settings.key())) && !settings.equals(rejected.get(settings.key()));
  }

  void forget(PairKey key) {
    rejected.remove(key);
  }

  /**
   * Tries base + every candidate in one go. When keepalived rejects that, applies base alone and
   * then each candidate on its own, so one bad pair cannot hold back the others and each error is
   * reported on the pair that caused it.
   */
  void apply(Map<PairKey, PairSettings> base, Map<PairKey, PairSettings> candidates) {
    Map<PairKey, PairSettings> all = new TreeMap<>(base);
    all.putAll(candidates);
    ConfigApplier.Result result = applyAndReload(all);
    if (result.outcome() != ConfigApplier.Outcome.REJECTED) {
      accept(all, candidates.values());
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
        String error = applier.test(renderer().render(trial.values()).text());
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
    ConfigApplier.Result result = applier.apply(renderer().render(pairs.values()).text());
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
    RenderedConfig current = renderer().render(rendered.values());
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
}
