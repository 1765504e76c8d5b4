package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.config.KeepalivedMode;
import io.vippair.agent.config.NotifyCommand;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.health.HealthMonitor;
import io.vippair.agent.keepalived.ConfigApplier;
import io.vippair.agent.keepalived.FifoEvent;
import io.vippair.agent.keepalived.Keepalived;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.NotifyHook;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.common.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notify hooks through the agent: a transition's report is ready at once while its hook (a real
 * script) still runs; a hook the agent does not define is named in the report. `keepalived -t` and
 * keepalived are stand-ins, as in AgentTest; the hooks are real processes.
 */
class AgentNotifyHooksTest {
  @TempDir
  Path runDir;

  private ScheduledExecutorService loop;
  private ReportBook book;
  private Agent agent;

  private final Keepalived keepalived = new Keepalived() {
    @Override public void start() {}
    @Override public void reload() {}
    @Override public boolean isRunning() { return true; }
    @Override public OptionalLong pid() { return OptionalLong.of(1); }
    @Override public String version() { return "2.2.7"; }
    @Override public void close() {}
  };

  private void start(Map<String, NotifyCommand> hooks) {
    CommandRunner real = CommandRunner.system();
    CommandRunner commands = new CommandRunner() {
      @Override
      public Result run(List<String> command, Duration timeout) {
        return new Result(0, "", false); // keepalived -t accepts everything
      }

      @Override
      public Result run(List<String> command, Map<String, String> env, Duration timeout) {
        return real.run(command, env, timeout);
      }
    };
    var config = new AgentConfig("cvm-a", null, List.of(), "vippair-system", Path.of("/usr/sbin/keepalived"),
        KeepalivedMode.CHILD, runDir.resolve("keepalived.conf"), "keepalived", runDir, "127.0.0.1", 0, Map.of(), hooks);
    loop = Executors.newSingleThreadScheduledExecutor();
    book = new ReportBook(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)));
    var metrics = new AgentMetrics(new SimpleMeterRegistry());
    agent = new Agent(config, loop, book, metrics, new ConfigApplier(config.keepalivedBinary(), config.keepalivedConfig(), commands),
        commands);
    agent.attach(keepalived, new HealthMonitor(Executors.newSingleThreadScheduledExecutor(), agent, metrics), null, Runnable::run);
    agent.listed(java.util.Set.of(new PairKey("db", "p"))); // the watcher's first list
  }

  @AfterEach
  void tearDown() {
    loop.shutdownNow();
  }

  @Test
  void theReportOfATransitionDoesNotWaitForItsHook() throws Exception {
    Path out = runDir.resolve("hook.out");
    Path script = runDir.resolve("slow-notify.sh");
    Files.writeString(script, "#!/bin/sh\necho \"start $1\" >> " + out + "\nsleep 2\necho \"done $1\" >> " + out + "\n");
    script.toFile().setExecutable(true);
    start(Map.of("slow", new NotifyCommand("slow", List.of(script.toString()), Duration.ofSeconds(10))));
    VipPair pair = TestPairs.equalPair("db", "p", 1);
    pair.getSpec().setNotifyHooks(List.of(new NotifyHook("slow")));
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> report().observedGeneration() != null);

    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_db_p\" MASTER 100").orElseThrow());
    assertThat(report().role()).as("the report changed before vrrpEvent returned").isEqualTo(VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(out) && Files.readString(out).contains("start MASTER"));
    assertThat(Files.readString(out)).doesNotContain("done");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out).contains("done MASTER"));
    assertThat(report().notifyError()).isNull();
  }

  @Test
  void aHookTheAgentDoesNotDefineIsNamedInTheReport() {
    start(Map.of());
    VipPair pair = TestPairs.equalPair("db", "p", 1);
    pair.getSpec().setNotifyHooks(List.of(new NotifyHook("seed-notify")));
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> report().notifyError() != null);
    assertThat(report().notifyError()).contains("'seed-notify'").contains("not defined in this agent's notifyHooks");
    assertThat(report().healthy()).as("a missing hook is not a failed health check").isNotEqualTo(Boolean.FALSE);
  }

  private LocalReport report() {
    return book.get(new PairKey("db", "p")).orElseThrow();
  }
}
