package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.mockapi.MockApiServer;
import io.vippair.operator.failover.PairEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  @Test
  void theSameEventIsRecordedOncePerRepeatIntervalAndNamesThePair() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    try (MockApiServer api = MockApiServer.start();
         EventRecorder recorder = new EventRecorder(api.client(), clock, Duration.ofMinutes(10), "op-1")) {
      VipPair pair = api.client().resource(pairNamed("p")).create();
      PairEvent splitBrain = new PairEvent(true, "SplitBrain", "both a and b claim MASTER");
      recorder.record(pair, splitBrain);
      recorder.record(pair, splitBrain);
      recorder.record(pair, new PairEvent(false, "Failover", "a -> b in 812 ms"));
      now.set(now.get().plus(Duration.ofMinutes(11)));
      recorder.record(pair, splitBrain);

      await().atMost(Duration.ofSeconds(10)).until(() -> api.client().v1().events().inNamespace("db").list().getItems().size() == 3);
      var events = api.client().v1().events().inNamespace("db").list().getItems();
      assertThat(events).filteredOn(e -> e.getReason().equals("SplitBrain")).hasSize(2)
          .allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("VipPair");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("p");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(pair.getMetadata().getUid());
          });
      assertThat(events).filteredOn(e -> e.getReason().equals("Failover")).singleElement()
          .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    }
  }

  /** Issue 11, item 6: a failing call's warnings are deduplicated by reason and pair, not by their task ids. */
  @Test
  void warningsOfOneReasonAreDeduplicatedWhateverTheirMessage() {
    try (MockApiServer api = MockApiServer.start();
         EventRecorder recorder = new EventRecorder(api.client(), Clock.systemUTC(), Duration.ofMinutes(10), "op-1")) {
      VipPair pair = api.client().resource(pairNamed("p")).create();
      for (int i = 0; i < 5; i++) {
        recorder.record(pair, new PairEvent(true, "MigrationFailed", "task task-" + i + " failed: InternalError"));
      }
      recorder.record(pair, new PairEvent(false, "Failover", "a -> b in 812 ms"));
      recorder.record(pair, new PairEvent(false, "Failover", "b -> a in 640 ms"));

      await().atMost(Duration.ofSeconds(10)).until(() -> api.client().v1().events().inNamespace("db").list().getItems().size() >= 3);
      var events = api.client().v1().events().inNamespace("db").list().getItems();
      assertThat(events).filteredOn(e -> e.getReason().equals("MigrationFailed")).hasSize(1);
      assertThat(events).filteredOn(e -> e.getReason().equals("Failover")).hasSize(2);
    }
  }

  private static VipPair pairNamed(String name) {
    VipPair p = new VipPair();
    p.setMetadata(new ObjectMetaBuilder().withNamespace("db").withName(name).build());
    return p;
  }
}
