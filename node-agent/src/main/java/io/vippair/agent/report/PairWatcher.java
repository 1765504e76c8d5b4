package io.vippair.agent.report;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.VipPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the VipPairs labelled with this member (fabric8 informers: list, then a websocket
 * watch, re-listing after errors). fabric8 replaces its cache and reports deletions only after a
 * successful list, so an API server outage never looks like "every pair was deleted": pairs are
 * removed only when the API server says so.
 */
public final class PairWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PairWatcher.class);

  /** Where the watcher's news goes. */
  public interface Listener {
    void pairSeen(VipPair pair);

    void pairGone(PairKey pair);
  }

  private final List<SharedIndexInformer<VipPair>> informers = new ArrayList<>();

  private PairWatcher() {}

  /** Starts watching; does not wait for the API server (the agent must run without it). */
  public static PairWatcher start(KubernetesClient client, String member, List<String> namespaces, Listener listener) {
    var watcher = new PairWatcher();
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
        log.warn("watching VipPairs failed ({}); retrying with backoff, keepalived stays as it is", t.toString());
        return true;
      });
      informer.start();
    }
    log.info("watching VipPairs with label {} in {}", label, namespaces.isEmpty() ? "all namespaces" : namespaces);
    return watcher;
  }

  /** Whether every informer has completed a list since it started. */
  public boolean synced() {
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
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }
}
