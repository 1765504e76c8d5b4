package io.vippair.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.Placement;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.failover.CloudAction;
import io.vippair.operator.failover.CloudCall;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A round may read a cached copy of the pair that misses the operator's own latest write of
 * status.migration (docs/operator-decision.md, "Changes in flight, restarts and duplicates"): the
 * call this process made says whether its change is still in flight.
 */
class OwnCallTest {
  private static final CloudAccount ACCOUNT = new CloudAccount("ap-guangzhou", new CloudCredentials("id", "key", null));

  private static Migration migration(String issuedAt, String taskId) {
    Migration m = new Migration();
    m.setKind(MigrationKind.Migrate);
    m.setSource("cvm-a");
    m.setTarget("cvm-b");
    m.setReason("PlannedSwitchover");
    m.setIssuedAt(issuedAt);
    m.setTaskId(taskId);
    return m;
  }

  private static VipPairStatus status(Migration m) {
    VipPairStatus s = new VipPairStatus();
    s.setMigration(m);
    return s;
  }

  @Test
  void aCachedCopyWithoutTheRecordOfAnUnsettledCallGetsTheCallsChange() {
    Migration asked = migration("2026-12-05T03:12:07.600Z", null);
    VipPairStatus seen = PairObservation.withOwnCall(status(null), asked, null);
    assertThat(seen.getMigration()).isEqualTo(asked);
    assertThat(PairObservation.withOwnCall(null, asked, null).getMigration()).isEqualTo(asked);
  }

  @Test
  void aCachedCopyStillShowingASettledChangeShowsNoChange() {
    Migration asked = migration("2026-12-05T03:12:07.600Z", null);
    VipPairStatus cached = status(migration("2026-12-05T03:12:07.600Z", "task-1"));
    assertThat(PairObservation.withOwnCall(cached, null, asked).getMigration()).isNull();
    assertThat(cached.getMigration()).as("the cache's own copy is not changed").isNotNull();
  }

  @Test
  void anotherRecordedChangeIsLeftAsTheCacheHasIt() {
    Migration other = migration("2026-12-05T03:00:00.000Z", "task-0");
    Migration asked = migration("2026-12-05T03:12:07.600Z", null);
    assertThat(PairObservation.withOwnCall(status(other), asked, null).getMigration()).isEqualTo(other);
    assertThat(PairObservation.withOwnCall(status(other), null, asked).getMigration()).isEqualTo(other);
    assertThat(PairObservation.withOwnCall(status(null), null, asked).getMigration()).isNull();
  }

  @Test
  void aCallStaysInFlightUntilARoundRecordsItsChangeAsOver() {
    AtomicInteger placed = new AtomicInteger();
    CloudCalls calls = new CloudCalls(new OneTaskPort(placed), Clock.systemUTC());
    calls.setEventHandler(event -> {});
    calls.start();
    try {
      VipPair pair = new VipPair();
      pair.getMetadata().setNamespace("lab");
      pair.getMetadata().setName("web");
      ResourceID id = ResourceID.fromResource(pair);
      Migration asked = migration("2026-12-05T03:12:07.600Z", null);
      calls.submit(pair, ACCOUNT, new CloudAction.Migrate("cvm-a", "cvm-b", "PlannedSwitchover"), asked);
      calls.recorded(id, asked);
      await().atMost(Duration.ofSeconds(5)).until(() -> calls.last(id) instanceof CloudCall.Accepted);
      assertThat(calls.unsettled(id)).isEqualTo(asked);

      calls.recorded(id, migration("2026-12-05T03:12:07.600Z", "task-1")); // the round that added the task id
      assertThat(calls.unsettled(id)).as("the same change with its task id").isEqualTo(asked);
      assertThat(calls.settled(id)).isNull();

      calls.recorded(id, null); // the round that saw it done
      assertThat(calls.unsettled(id)).isNull();
      assertThat(calls.settled(id)).isEqualTo(asked);
      assertThat(placed).hasValue(1);
    } finally {
      calls.stop();
    }
  }

  /** A cloud that accepts every move with task-1. */
  private record OneTaskPort(AtomicInteger placed) implements CloudPort {
    @Override
    public Map<String, Placement> observe(CloudAccount account, List<VipPair> pairs, CallPriority priority) {
      return Map.of();
    }

    @Override
    public TaskHandle place(CloudAccount account, VipPair pair, String to, String from, Attempts attempts) {
      placed.incrementAndGet();
      return new TaskHandle("task-1");
    }

    @Override
    public TaskHandle release(CloudAccount account, VipPair pair, String from, Attempts attempts) {
      return new TaskHandle("task-1");
    }

    @Override
    public TaskState follow(CloudAccount account, VipPair pair, String taskId) {
      return new TaskState.Running();
    }
  }
}
