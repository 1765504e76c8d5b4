package io.vippair.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vippair.agent.config.LocalCheck;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.api.v1alpha1.HealthCheckSpec;
import io.vippair.api.v1alpha1.TcpCheck;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback and real processes. */
class HealthChecksTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Test
  void tcpPassesWhileSomethingListens() throws Exception {
    int port;
    try (var server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = server.getLocalPort();
      assertThat(new io.vippair.agent.health.TcpCheck("127.0.0.1", port, TIMEOUT).run().passed()).isTrue();
    }
    CheckResult closed = new io.vippair.agent.health.TcpCheck("127.0.0.1", port, TIMEOUT).run();
    assertThat(closed.passed()).isFalse();
    assertThat(closed.message()).contains("tcp 127.0.0.1:" + port);
  }

  @Test
  void httpPassesOn2xxAnd3xxOnly() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ok", e -> { e.sendResponseHeaders(204, -1); e.close(); });
    server.createContext("/moved", e -> { e.getResponseHeaders().add("Location", "/ok"); e.sendResponseHeaders(302, -1); e.close(); });
    server.createContext("/broken", e -> { e.sendResponseHeaders(503, -1); e.close(); });
    server.start();
    try {
      int port = server.getAddress().getPort();
      assertThat(new HttpCheck("127.0.0.1", port, "/ok", TIMEOUT).run().passed()).isTrue();
      assertThat(new HttpCheck("127.0.0.1", port, "/moved", TIMEOUT).run().passed()).isTrue();
      CheckResult broken = new HttpCheck("127.0.0.1", port, "/broken", TIMEOUT).run();
      assertThat(broken.passed()).isFalse();
      assertThat(broken.message()).contains("503");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void execUsesExitCodeAndTimeout() {
    CommandRunner commands = CommandRunner.system();
    assertThat(new ExecCheck(new LocalCheck("t", List.of("/bin/true"), TIMEOUT), commands).run().passed()).isTrue();
    CheckResult failed = new ExecCheck(new LocalCheck("f", List.of("/bin/sh", "-c", "echo replica lag; exit 3"), TIMEOUT), commands).run();
    assertThat(failed.passed()).isFalse();
    assertThat(failed.message()).contains("exited 3", "replica lag");
    long start = System.nanoTime();
    CheckResult slow = new ExecCheck(new LocalCheck("slow", List.of("/bin/sleep", "30"), TIMEOUT), commands).run();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(slow.passed()).isFalse();
    assertThat(slow.message()).contains("timed out");
    assertThat(millis).as("a hung check is killed near its timeout").isLessThan(10_000);
  }

  @Test
  void aLocalCheckIsOnlyEverLookedUpByName() {
    var spec = new HealthCheckSpec();
    spec.setLocal("mysql");
    var missing = HealthPlan.of(spec, "10.0.0.1", Map.of(), CommandRunner.system());
    CheckResult result = missing.check().run();
    assertThat(result.passed()).isFalse();
    assertThat(result.message()).contains("'mysql'", "localChecks");

    var defined = HealthPlan.of(spec, "10.0.0.1", Map.of("mysql", new LocalCheck("mysql", List.of("/bin/true"), TIMEOUT)), CommandRunner.system());
    assertThat(defined.check()).isInstanceOf(ExecCheck.class);
    assertThat(defined.check().run().passed()).isTrue();
  }

  @Test
  void tcpChecksTargetTheMembersOwnAddress() {
    var spec = new HealthCheckSpec();
    spec.setTcp(new TcpCheck(3306));
    spec.setFall(4);
    var plan = HealthPlan.of(spec, "10.0.1.17", Map.of(), CommandRunner.system());
    assertThat(plan.check().describe()).isEqualTo("tcp 10.0.1.17:3306");
    assertThat(plan.fall()).isEqualTo(4);
    assertThat(plan.rise()).isEqualTo(2);
    assertThat(HealthPlan.of(null, "10.0.1.17", Map.of(), CommandRunner.system())).isNull();
  }
}
