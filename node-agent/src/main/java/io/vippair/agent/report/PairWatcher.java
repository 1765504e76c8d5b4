package io.vippair.agent.report;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.VipPair;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the VipPairs labelled with this member (fabric8 informers: list, then a websocket
 * watch, re-listing after errors). fabric8 replaces its cache and reports deletions only after a
 * successful list, so an API server outage never looks like "every pair was deleted": pairs are
 * removed only when the API server says so.
 *
 * <p>After an outage a watch connection can look open for minutes while the server's side of it is
 * still backing off its retransmissions: {@link #restart()} (called when reports or the Lease get
 * through again) replaces the informers, whose fresh list brings every change missed.
 */
public final class PairWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PairWatcher.class);

  /** Where the watcher's news goes. */
  public interface Listener {
    void pairSeen(VipPair pair);

    void pairGone(PairKey pair);

    /**
     * The informers have completed a list: these are all the pairs of this member now. Their
     * {@link #pairSeen} calls may still be on their way (the informer delivers them one by one).
     */
    void listed(Set<PairKey> pairs);
  }

  private static final long RESTART_AT_MOST_EVERY_NANOS = 5_000_000_000L;

  private final List<SharedIndexInformer<VipPair>> informers = new ArrayList<>();
  private final KubernetesClient client;
  private final String member;
  private final List<String> namespaces;
  private final Listener listener;
  private long lastStartNanos;
  /** Which set of informers is current: a waiter for an older set gives up. */
  private volatile long generation;

  private PairWatcher(KubernetesClient client, String member, List<String> namespaces, Listener listener) {
    this.client = client;
    this.member = member;
    this.namespaces = List.copyOf(namespaces);
    this.listener = listener;
  }

  /** Starts watching; does not wait for the API server (the agent must run without it). */
  public static PairWatcher start(KubernetesClient client, String member, List<String> namespaces, Listener listener) {
    var watcher = new PairWatcher(client, member, namespaces, listener);
    watcher.open();
    watcher.whenSynced(listener::listed);
    log.info("watching VipPairs with label {} in {}", Contract.memberLabel(member), namespaces.isEmpty() ? "all namespaces" : namespaces);
    return watcher;
  }

  /** The API server is back after an outage: list and watch afresh (at most once per 5 s). */
  public synchronized void restart() {
    if (System.nanoTime() - lastStartNanos < RESTART_AT_MOST_EVERY_NANOS) {
      return;
    }
    log.info("the API server is back: listing and watching VipPairs afresh");
    Set<PairKey> before = keys();
    informers.forEach(SharedIndexInformer::stop);
    informers.clear();
    open();
    // a fresh informer reports only what exists: what it no longer lists is gone (deleted or unlabelled meanwhile)
    whenSynced(now -> {
      before.stream().filter(k -> !now.contains(k)).forEach(listener::pairGone);
      listener.listed(now);
    });
  }

  /** Hands every pair the informers list to then, once all of them have synced (never, if they are replaced or closed first). */
  private synchronized void whenSynced(java.util.function.Consumer<Set<PairKey>> then) {
    List<SharedIndexInformer<VipPair>> fresh = List.copyOf(informers);
    long mine = generation;
    Thread waiter = new Thread(() -> {
      // as long as it takes: an agent started during an API server outage configures keepalived after it
      while (!fresh.stream().allMatch(SharedIndexInformer::hasSynced)) {
        if (generation != mine) {
          return; // replaced by a restart, or closed
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
      Set<PairKey> now = new HashSet<>();
      fresh.forEach(i -> i.getStore().list().forEach(p -> now.add(keyOf(p))));
      then.accept(now);
    }, "watch-synced");
    waiter.setDaemon(true);
    waiter.start();
  }

  private Set<PairKey> keys() {
    Set<PairKey> keys = new HashSet<>();
    informers.forEach(i -> i.getStore().list().forEach(p -> keys.add(keyOf(p))));
    return keys;
  }

  private synchronized void open() {
    generation++;
    lastStartNanos = System.nanoTime();
    var watcher = this;
    var handler = new ResourceEventHandler<VipPair>() {
      @Override
      public void onAdd(VipPair pair) {
        listener.pairSeen(pair);
      }

      @Override
      public void onUpdate(VipPair oldPair, VipPair newPair) {
        listener.pairSeen(newPair);
      }

      @Override
      public void onDelete(VipPair pair, boolean deletedFinalStateUnknown) {
        listener.pairGone(keyOf(pair));
      }
    };
    String label = Contract.memberLabel(member);
    var resources = client.resources(VipPair.class);
    if (namespaces.isEmpty()) {
      watcher.informers.add(resources.inAnyNamespace().withLabel(label).runnableInformer(0));
    } else {
      for (String ns : namespaces) {
        watcher.informers.add(resources.inNamespace(ns).withLabel(label).runnableInformer(0));
      }
    }
    for (var informer : watcher.informers) {
      informer.addEventHandler(handler);
      informer.exceptionHandler((started, t) -> {
        if (namespaces.isEmpty() && t instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 403) {
          // an identity enrolled for some namespaces may not list cluster-wide: name the fix, not just the error
          log.warn("the API server refuses to list VipPairs in all namespaces (403): this agent's identity is bound per namespace;"
              + " set namespaces (agent.yaml, --namespaces) to the namespaces it was enrolled for; retrying with backoff");
        } else {
          log.warn("watching VipPairs failed ({}); retrying with backoff, keepalived stays as it is", t.toString());
        }
        return true;
      });
      informer.start();
    }
  }

  /** Whether every informer has completed a list since it started. */
  public synchronized boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  public static PairKey keyOf(VipPair pair) {
    return new PairKey(pair.getMetadata().getNamespace(), pair.getMetadata().getName());
  }

  /** Whether the pair still carries this member's label (an update can remove it). */
  public static boolean labelled(VipPair pair, String member) {
    Map<String, String> labels = pair.getMetadata().getLabels();
    return labels != null && labels.containsKey(Contract.memberLabel(member));
  }

  @Override
  public synchronized void close() {
    generation++;
    informers.forEach(SharedIndexInformer::stop);
  }
}
