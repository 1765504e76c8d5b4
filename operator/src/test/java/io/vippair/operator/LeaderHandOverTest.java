package io.vippair.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deliberate stop of the leader (SIGTERM in a rolling update) hands the Lease over at once:
 * the leader exits within 5 s, and the standby leads within 2 s of that, instead of waiting for
 * the Lease to expire.
 */
class LeaderHandOverTest {
  private Testbed bed;

  @BeforeEach
  void start() {
    bed = Testbed.start().seedCloud(0, 1, true);
    bed.agents.answeringProbes();
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  @Test
  void aStoppedLeaderReleasesItsLeaseAndTheStandbyLeadsAtOnce() {
    var one = bed.startOperator("op-1", Duration.ofMinutes(5), true);
    await().atMost(Duration.ofSeconds(20)).until(() -> one.operator().isLeading());
    var two = bed.startOperator("op-2", Duration.ofMinutes(5), true);
    await().atMost(Duration.ofSeconds(20)).until(() -> two.operator().notReadyReason() == null);
    assertThat(two.operator().isLeading()).isFalse();

    long stopAt = System.nanoTime();
    bed.stop(one);
    long stoppedAt = System.nanoTime();
    assertThat(Duration.ofNanos(stoppedAt - stopAt)).as("the stop").isLessThan(Duration.ofSeconds(5));
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).as("op-1 gave the Lease back").isIn(null, "", "op-2");

    await().atMost(Duration.ofSeconds(2)).until(() -> two.operator().isLeading());
    System.out.printf("in-JVM hand-over: stop took %d ms, the standby led %d ms after it%n",
        Duration.ofNanos(stoppedAt - stopAt).toMillis(), Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("op-2");
  }

  @Test
  void sigtermEndsTheLeadingProcessWithin5sAndTheStandbyLeadsWithin2s(@TempDir Path dir) throws Exception {
    Process leader = leaderProcess(dir);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> lease() != null && "op-process".equals(lease().getSpec().getHolderIdentity()));
      bed.create(Testbed.pairObject(0));
      var standby = bed.startOperator("op-standby", Duration.ofMinutes(5), true);
      await().atMost(Duration.ofSeconds(20)).until(() -> standby.operator().notReadyReason() == null);
      assertThat(standby.operator().isLeading()).isFalse();

      long termAt = System.nanoTime();
      leader.destroy(); // SIGTERM
      boolean exited = leader.waitFor(5, TimeUnit.SECONDS);
      long exitedAt = System.nanoTime();
      assertThat(exited).as("the leader exits within 5 s of SIGTERM; its log:%n%s", Files.readString(dir.resolve("operator.log")))
          .isTrue();

      await().atMost(Duration.ofSeconds(2)).until(() -> standby.operator().isLeading());
      long ledAt = System.nanoTime();
      System.out.printf("process hand-over: SIGTERM to exit %d ms (exit status %d), exit to standby leading %d ms%n",
          Duration.ofNanos(exitedAt - termAt).toMillis(), leader.exitValue(), Duration.ofNanos(ledAt - exitedAt).toMillis());
      assertThat(Files.readString(dir.resolve("operator.log"))).contains("op-process released the Lease");
    } finally {
      if (leader.isAlive()) {
        leader.destroyForcibly();
      }
    }
  }

  /** Issue 12: a leader that dies without a stop (SIGKILL) is replaced within 5 s: the Lease lasts 3 s. */
  @Test
  void aKilledLeaderIsReplacedWithin5s(@TempDir Path dir) throws Exception {
    Process leader = leaderProcess(dir);
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> lease() != null && "op-process".equals(lease().getSpec().getHolderIdentity()));
      var standby = bed.startOperator("op-standby", Duration.ofMinutes(5), true);
      await().atMost(Duration.ofSeconds(20)).until(() -> standby.operator().notReadyReason() == null);
      assertThat(standby.operator().isLeading()).isFalse();
      assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo(3);

      long killAt = System.nanoTime();
      leader.destroyForcibly(); // SIGKILL: no release, the Lease must expire
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> standby.operator().isLeading());
      long ledMs = Duration.ofNanos(System.nanoTime() - killAt).toMillis();
      System.out.println("MEASURED SIGKILL to standby leading: " + ledMs + " ms");
      assertThat(ledMs).as("standby leads within 5 s of the leader's death").isLessThan(5000);
    } finally {
      if (leader.isAlive()) {
        leader.destroyForcibly();
      }
    }
  }

  private Process leaderProcess(Path dir) throws Exception {
    Path kubeconfig = bed.api.writeKubeconfig(dir.resolve("kubeconfig"));
    ProcessBuilder pb = MainProcessTest.operatorProcess(List.of("--kubeconfig", kubeconfig.toString(),
        "--cloud-endpoint", "http://" + bed.cloud.endpoint(), "--metrics-host", "127.0.0.1",
        "--metrics-port", String.valueOf(MainProcessTest.freePort()), "--leader-election", "true",
        "--leader-election-namespace", Testbed.LEASE_NAMESPACE, "--agent-lease-namespace", Testbed.LEASE_NAMESPACE,
        "--identity", "op-process"));
    pb.environment().putAll(bed.env());
    pb.redirectOutput(dir.resolve("operator.log").toFile());
    return pb.start();
  }

  private Lease lease() {
    return bed.client.leases().inNamespace(Testbed.LEASE_NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
  }
}
