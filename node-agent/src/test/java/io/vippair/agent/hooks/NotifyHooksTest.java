package io.vippair.agent.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.agent.TestPairs;
import io.vippair.agent.config.NotifyCommand;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.NotifyHook;
import io.vippair.api.v1alpha1.NotifyState;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.common.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real shell scripts run as hooks: arguments, environment, order, timeouts, and what the report and metrics say. */
class NotifyHooksTest {
  private static final PairKey KEY = new PairKey("db", "mysql");
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private ReportBook book;
  private SimpleMeterRegistry registry;
  private NotifyHooks hooks;

  @BeforeEach
  void setUp() {
    book = new ReportBook(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)));
    book.track(KEY, LocalReport.initial(Instant.now()));
    registry = new SimpleMeterRegistry();
    hooks = new NotifyHooks("cvm-a", CommandRunner.system(), book, new AgentMetrics(registry));
  }

  @AfterEach
  void tearDown() {
    hooks.close();
  }

  @Test
  void aHookGetsTheStatePairAndVipAsArgumentsAndInItsEnvironment() throws Exception {
    Path out = dir.resolve("out");
    NotifyCommand seed = script("seed-notify", "echo \"$@|$VIPPAIR_STATE|$VIPPAIR_PAIR|$VIPPAIR_VIP|$VIPPAIR_MEMBER\" >> " + out, 5);
    hooks.set(KEY, plan(List.of(hook("seed-notify", null, null)), seed));
    hooks.transition(KEY, VrrpRole.MASTER);
    await().atMost(WAIT).until(() -> lines(out).size() == 1);
    assertThat(lines(out)).containsExactly("MASTER db/mysql 10.0.1.100|MASTER|db/mysql|10.0.1.100|cvm-a");
    await().atMost(WAIT).until(() -> runs("ok") == 1);
    assertThat(registry.get("vippair.agent.notify.hook.exit.code").tag("hook", "seed-notify").gauge().value()).isZero();
    assertThat(report().notifyError()).isNull();
  }

  @Test
  void onlyTheStatesAndMembersTheVipPairNamesRunIt() throws Exception {
    Path out = dir.resolve("out");
    NotifyCommand promote = script("promote", "echo \"$1\" >> " + out, 5);
    NotifyCommand other = script("other", "echo other-$1 >> " + out, 5);
    hooks.set(KEY, plan(List.of(hook("promote", List.of(NotifyState.MASTER), null), hook("other", null, List.of("cvm-b"))),
        promote, other));
    hooks.transition(KEY, VrrpRole.BACKUP);
    hooks.transition(KEY, VrrpRole.STOP);
    hooks.transition(KEY, VrrpRole.MASTER);
    await().atMost(WAIT).until(() -> lines(out).size() == 1);
    Thread.sleep(300); // nothing else may follow
    assertThat(lines(out)).containsExactly("MASTER");
  }

  @Test
  void oneRunAtATimePerPairAndOfTheWaitingTransitionsOnlyTheLatestRuns() throws Exception {
    Path out = dir.resolve("out");
    Path gate = dir.resolve("gate");
    Path lock = dir.resolve("lock");
    // mkdir fails if another run of this pair's hook is inside at the same time
    NotifyCommand slow = script("slow", "mkdir " + lock + " || echo OVERLAP >> " + out + "\n"
        + "while [ ! -e " + gate + " ]; do sleep 0.02; done\n"
        + "echo \"$1\" >> " + out + "\nrmdir " + lock, 10);
    hooks.set(KEY, plan(List.of(hook("slow", null, null)), slow));
    hooks.transition(KEY, VrrpRole.MASTER);
    await().atMost(WAIT).until(() -> Files.isDirectory(lock));
    long handOver = System.nanoTime();
    hooks.transition(KEY, VrrpRole.BACKUP);
    hooks.transition(KEY, VrrpRole.FAULT);
    long handOverMillis = (System.nanoTime() - handOver) / 1_000_000;
    assertThat(handOverMillis).as("handing transitions over while a hook runs takes no time").isLessThan(100);
    Files.createFile(gate);
    await().atMost(WAIT).until(() -> lines(out).size() >= 2 && !Files.exists(lock));
    Thread.sleep(300);
    assertThat(lines(out)).containsExactly("MASTER", "FAULT");
  }

  @Test
  void aHookThatOutlivesItsTimeoutIsKilledAndTheReportSaysSo() throws Exception {
    Path pid = dir.resolve("pid");
    NotifyCommand hung = script("hung", "echo $$ > " + pid + "\necho starting promotion\nexec sleep 60", 1);
    hooks.set(KEY, plan(List.of(hook("hung", null, null)), hung));
    long start = System.nanoTime();
    hooks.transition(KEY, VrrpRole.MASTER);
    await().atMost(WAIT).until(() -> report().notifyError() != null);
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(900L, 5000L);
    assertThat(report().notifyError()).isEqualTo("notify hook hung (MASTER) was killed after its timeout of 1 s: starting promotion");
    long hookPid = Long.parseLong(Files.readString(pid).strip());
    await().atMost(WAIT).until(() -> ProcessHandle.of(hookPid).map(p -> !p.isAlive()).orElse(true));
    assertThat(runs("timeout")).isEqualTo(1);
    assertThat(registry.get("vippair.agent.notify.hook.exit.code").tag("hook", "hung").gauge().value()).isEqualTo(-1);
  }

  @Test
  void aFailureIsReportedUntilTheNextRunSucceedsAndItsOutputIsBounded() throws Exception {
    Path fail = dir.resolve("fail");
    Files.writeString(fail, "");
    NotifyCommand flaky = script("flaky", "if [ -e " + fail + " ]; then yes x | tr -d '\\n' | head -c 100000; printf '\\001\\n'; echo second line; exit 3; fi", 5);
    hooks.set(KEY, plan(List.of(hook("flaky", null, null)), flaky));
    hooks.transition(KEY, VrrpRole.MASTER);
    await().atMost(WAIT).until(() -> report().notifyError() != null);
    assertThat(report().notifyError()).startsWith("notify hook flaky (MASTER) exited 3: xxxx").endsWith("...")
        .hasSizeLessThan(300);
    Files.delete(fail);
    hooks.transition(KEY, VrrpRole.BACKUP);
    await().atMost(WAIT).until(() -> report().notifyError() == null);
    assertThat(runs("failed")).isEqualTo(1);
    assertThat(runs("ok")).isEqualTo(1);
  }

  @Test
  void aHookThisAgentDoesNotDefineNeverRunsAndTheReportNamesIt() throws Exception {
    Path out = dir.resolve("out");
    NotifyCommand defined = script("defined", "echo ran >> " + out, 5);
    hooks.set(KEY, plan(List.of(hook("seed-notify", null, null), hook("defined", null, null)), defined));
    assertThat(report().notifyError()).isEqualTo(
        "spec.notifyHooks names 'seed-notify', not defined in this agent's notifyHooks; define it in agent.yaml or fix the VipPair");
    hooks.transition(KEY, VrrpRole.MASTER);
    await().atMost(WAIT).until(() -> lines(out).size() == 1);
    hooks.set(KEY, plan(List.of(hook("defined", null, null)), defined));
    assertThat(report().notifyError()).isNull();
    hooks.remove(KEY);
    hooks.transition(KEY, VrrpRole.BACKUP);
    Thread.sleep(300);
    assertThat(lines(out)).containsExactly("ran");
  }

  @Test
  void aPairWithoutHooksForThisMemberHasNoPlan() {
    VipPair pair = TestPairs.equalPair("db", "mysql", 51);
    assertThat(HookPlan.of(KEY, pair, "cvm-a", Map.of())).isNull();
    pair.getSpec().setNotifyHooks(List.of(hook("x", null, List.of("cvm-b"))));
    assertThat(HookPlan.of(KEY, pair, "cvm-a", Map.of())).isNull();
    assertThat(HookPlan.of(KEY, pair, "cvm-b", Map.of()).missing()).containsExactly("x");
  }

  // ---- helpers ----

  private NotifyCommand script(String name, String body, int timeoutSeconds) throws Exception {
    Path file = dir.resolve(name + ".sh");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    file.toFile().setExecutable(true);
    return new NotifyCommand(name, List.of(file.toString()), Duration.ofSeconds(timeoutSeconds));
  }

  private static NotifyHook hook(String name, List<NotifyState> states, List<String> members) {
    NotifyHook h = new NotifyHook(name);
    h.setStates(states);
    h.setMembers(members);
    return h;
  }

  private static HookPlan plan(List<NotifyHook> refs, NotifyCommand... defined) {
    VipPair pair = TestPairs.equalPair("db", "mysql", 51);
    pair.getSpec().setNotifyHooks(refs);
    Map<String, NotifyCommand> byName = new java.util.HashMap<>();
    for (NotifyCommand c : defined) {
      byName.put(c.name(), c);
    }
    return HookPlan.of(KEY, pair, "cvm-a", byName);
  }

  private LocalReport report() {
    return book.get(KEY).orElseThrow();
  }

  private long runs(String result) {
    var timers = registry.find("vippair.agent.notify.hook").tag("result", result).timers();
    return timers.stream().mapToLong(t -> t.count()).sum();
  }

  private static List<String> lines(Path file) throws Exception {
    return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
  }

}
