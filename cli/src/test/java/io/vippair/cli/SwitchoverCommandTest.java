package io.vippair.cli;

import static io.vippair.cli.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.mockapi.MockApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * vippair switchover against the mock API server. The operator is played by the test: it waits
 * for the request to appear in the spec and answers it in status.switchover, as the operator does.
 */
class SwitchoverCommandTest {
  static MockApiServer api;
  static Map<String, String> env;

  @BeforeAll
  static void cluster() throws IOException {
    api = MockApiServer.start();
    Path kubeconfig = api.writeKubeconfig(Files.createTempDirectory("vippair-cli").resolve("kubeconfig"));
    env = Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", "/nonexistent");
    api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("db").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static VipPair created(String name) {
    KubernetesClient k = api.client();
    VipPair created = k.resource(Fixtures.pair("db", name, "10.0.1.100", "cvm-a", "cvm-b")).create();
    VipPairStatus s = Fixtures.status("Ready");
    s.setMaster("cvm-a");
    s.setCloudOwner("cvm-a");
    s.getAgents().put("cvm-a", report(VrrpRole.MASTER, Duration.ofMinutes(5), true));
    s.getAgents().put("cvm-b", report(VrrpRole.BACKUP, Duration.ofMinutes(5), true));
    created.setStatus(s);
    return k.resource(created).updateStatus();
  }

  /** Plays the operator: once spec.switchover appears, answers its nonce the way the test says. */
  private static CompletableFuture<Void> operatorAnswers(String name, Consumer<SwitchoverStatus> answer) {
    return CompletableFuture.runAsync(() -> {
      KubernetesClient k = api.client();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        VipPair p = k.resources(VipPair.class).inNamespace("db").withName(name).get();
        if (p.getSpec().getSwitchover() != null) {
          SwitchoverStatus s = new SwitchoverStatus();
          s.setNonce(p.getSpec().getSwitchover().getNonce());
          s.setTo(p.getSpec().getSwitchover().getTo());
          s.setFrom("cvm-a");
          answer.accept(s);
          p.getStatus().setSwitchover(s);
          k.resource(p).updateStatus();
          return;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  @Test
  void withoutToTheRequestNamesTheMemberThatIsNotMasterAndTouchesNothingElse() {
    VipPair before = created("files-only");
    Run r = Run.of(env, "switchover", "db/files-only");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("switchover of db/files-only to cvm-b filed (nonce ")
        .contains(": follow it with 'vippair status db/files-only'");
    VipPair after = api.client().resources(VipPair.class).inNamespace("db").withName("files-only").get();
    assertThat(after.getSpec().getSwitchover().getTo()).isEqualTo("cvm-b");
    assertThat(after.getSpec().getSwitchover().getNonce()).matches("^\\d{8}T\\d{6}Z-[a-z0-9]{6}$");
    assertThat(after.getMetadata().getGeneration()).isGreaterThan(before.getMetadata().getGeneration());
    assertThat(Serialization.asJson(after.getSpec().getMembers())).isEqualTo(Serialization.asJson(before.getSpec().getMembers()));

    Run again = Run.of(env, "switchover", "db/files-only", "--to", "cvm-b");
    VipPair twice = api.client().resources(VipPair.class).inNamespace("db").withName("files-only").get();
    assertThat(again.status()).isZero();
    assertThat(twice.getSpec().getSwitchover().getNonce()).as("each request is new").isNotEqualTo(after.getSpec().getSwitchover().getNonce());
  }

  @Test
  void makeBeforeBreakIsFiledAsTheModeAndALaterPlainRequestRemovesIt() {
    created("mbb-files");
    Run r = Run.of(env, "switchover", "db/mbb-files", "--to", "cvm-b", "--make-before-break");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("switchover of db/mbb-files to cvm-b (make-before-break) filed (nonce ");
    VipPair mbb = api.client().resources(VipPair.class).inNamespace("db").withName("mbb-files").get();
    assertThat(mbb.getSpec().getSwitchover().getMode()).isEqualTo(io.vippair.api.v1alpha1.SwitchoverMode.MakeBeforeBreak);

    assertThat(Run.of(env, "switchover", "db/mbb-files", "--to", "cvm-a").status()).isZero();
    VipPair plain = api.client().resources(VipPair.class).inNamespace("db").withName("mbb-files").get();
    assertThat(plain.getSpec().getSwitchover().makeBeforeBreak()).as("a merge patch would keep the old mode").isFalse();
  }

  @Test
  void waitPrintsTheOutcomeAndTheMeasuredTime() {
    created("waits");
    var operator = operatorAnswers("waits", s -> {
      s.setPhase(SwitchoverPhase.Succeeded);
      s.setReason("SwitchoverSucceeded");
      s.setDurationMs(1312L);
      s.setOutageEstimateMs(1204L);
    });
    Run r = Run.of(env, "switchover", "db/waits", "--wait", "--timeout", "20s");
    operator.join();
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.outLines()).last().isEqualTo(
        "switchover of db/waits succeeded: the VIP is on cvm-b (from cvm-a) after 1312 ms; clients were without it for about 1204 ms");
  }

  @Test
  void aRefusalIsExitStatus1WithTheOperatorsReason() {
    created("refused");
    var operator = operatorAnswers("refused", s -> {
      s.setPhase(SwitchoverPhase.Refused);
      s.setReason("TargetUnhealthy");
      s.setMessage("switchover to cvm-b refused: cvm-b's health check fails (tcp 3306: connection refused)");
    });
    Run r = Run.of(env, "switchover", "-n", "db", "refused", "--to=cvm-b", "--wait");
    operator.join();
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.outLines()).last().isEqualTo("switchover of db/refused refused (TargetUnhealthy): switchover to cvm-b refused:"
        + " cvm-b's health check fails (tcp 3306: connection refused)");
  }

  @Test
  void noAnswerWithinTheTimeoutIsExitStatus1() {
    created("unanswered");
    long start = System.nanoTime();
    Run r = Run.of(env, "switchover", "db/unanswered", "--wait", "--timeout", "600ms");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.outLines()).last().isEqualTo("switchover of db/unanswered: not answered within 600 ms (the operator has not"
        + " taken it up; is it running?); follow it with 'vippair status db/unanswered'");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
