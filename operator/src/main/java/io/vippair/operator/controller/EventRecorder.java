package io.vippair.operator.controller;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.failover.PairEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events about VipPairs (involvedObject = the pair), off the reconcile thread.
 * A Warning is recorded at most once per {@code repeatAfter} for the same pair and reason, whatever
 * its message says (a retried call's message may name a new task id or attempt each time), so
 * trouble that lasts or repeats does not flood the pair's events; the condition carries the latest
 * message. A Normal event (a failover, an assignment) is recorded once per distinct message. Both
 * the memory of sent events and the queue of events to send are bounded.
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final int REMEMBERED = 10_000;
  private static final int QUEUED = 1_000;
  static final String COMPONENT = "vippair-operator";

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration repeatAfter;
  private final String instance;
  private final Map<String, Instant> lastSent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final ThreadPoolExecutor sender;
  private final AtomicLong dropped = new AtomicLong();

  public EventRecorder(KubernetesClient client, Clock clock, Duration repeatAfter, String instance) {
    this.client = client;
    this.clock = clock;
    this.repeatAfter = repeatAfter;
    this.instance = instance;
    this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED), r -> {
      Thread t = new Thread(r, "vippair-events");
      t.setDaemon(true);
      return t;
    }, (r, executor) -> {
      if (dropped.incrementAndGet() % 100 == 1) {
        log.warn("event queue full ({} queued); dropped {} events so far", QUEUED, dropped.get());
      }
    });
  }

  /** Records the event unless the same one was recorded for this pair recently. */
  public void record(VipPair pair, PairEvent event) {
    String key = pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName() + "|" + event.reason()
        + (event.warning() ? "" : "|" + event.message());
    Instant now = clock.instant();
    synchronized (lastSent) {
      Instant last = lastSent.get(key);
      if (last != null && Duration.between(last, now).compareTo(repeatAfter) < 0) {
        return;
      }
      lastSent.put(key, now);
    }
    sender.execute(() -> send(pair, event, now));
  }

  private void send(VipPair pair, PairEvent event, Instant at) {
    String time = at.toString();
    var meta = pair.getMetadata();
    var k8sEvent = new EventBuilder()
        .withNewMetadata()
          .withNamespace(meta.getNamespace())
          .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(pair.getApiVersion()).withKind(pair.getKind())
            .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion()).build())
        .withType(event.warning() ? "Warning" : "Normal")
        .withReason(event.reason())
        .withMessage(event.message())
        .withFirstTimestamp(time)
        .withLastTimestamp(time)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(k8sEvent).create();
    } catch (KubernetesClientException e) {
      log.warn("cannot record event {} for {}/{}: {}", event.reason(), meta.getNamespace(), meta.getName(),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sender.shutdownNow();
  }
}
