package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.config.KeepalivedMode;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.health.HealthMonitor;
import io.vippair.agent.keepalived.ConfigApplier;
import io.vippair.agent.keepalived.FifoEvent;
import io.vippair.agent.keepalived.Keepalived;
import io.vippair.agent.keepalived.KeepalivedStates;
import io.vippair.agent.keepalived.PairKeyNames;
import io.vippair.agent.keepalived.TrackFiles;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.Probe;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's core without root: real files, real rendering, real loop. Two stand-ins, said here
 * because they are the only ones: `keepalived -t` is a command runner that rejects any file naming
 * interface "nosuch0" (the real check needs the VM's network namespace; NodeAgentRootNetnsTest
 * runs it for real), and keepalived itself is a recorder of start/reload calls.
 */
class AgentTest {
  @TempDir
  Path runDir;

  private ScheduledExecutorService loop;
  private ReportBook book;
  private Agent agent;
  private final AtomicInteger reloads = new AtomicInteger();
  private final AtomicInteger checks = new AtomicInteger();

  private final CommandRunner fakeConfigTest = (command, timeout) -> {
    checks.incrementAndGet();
    try {
      String text = Files.readString(Path.of(command.get(command.size() - 1)));
      return text.contains("nosuch0")
          ? new CommandRunner.Result(5, "(keepalived.conf: Line 7) WARNING - interface nosuch0 for vrrp_instance doesn't exist", false)
          : new CommandRunner.Result(0, "", false);
    } catch (java.io.IOException e) {
      return new CommandRunner.Result(1, e.toString(), false);
    }
  };

  private final Keepalived recordingKeepalived = new Keepalived() {
    @Override
    public void start() {}

    @Override
    public void reload() {
      reloads.incrementAndGet();
    }

    @Override
    public boolean isRunning() {
      return true;
    }

    @Override
    public OptionalLong pid() {
      return OptionalLong.of(1);
    }

    @Override
    public String version() {
      return "2.2.7";
    }

    @Override
    public void close() {}
  };

  @BeforeEach
  void setUp() {
    var config = new AgentConfig("cvm-a", null, List.of(), "vippair-system", Path.of("/usr/sbin/keepalived"),
        KeepalivedMode.CHILD, runDir.resolve("keepalived.conf"), "keepalived", runDir, "127.0.0.1", 0, Map.of());
    loop = Executors.newSingleThreadScheduledExecutor();
    book = new ReportBook(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)));
    var metrics = new AgentMetrics(new SimpleMeterRegistry());
    agent = new Agent(config, loop, book, metrics, new ConfigApplier(config.keepalivedBinary(), config.keepalivedConfig(), fakeConfigTest),
        fakeConfigTest);
    agent.attach(recordingKeepalived, new HealthMonitor(Executors.newSingleThreadScheduledExecutor(), agent, metrics), null, Runnable::run);
  }

  /** As when the API server's first list names nothing: every pair after it is applied as it arrives. */
  private void listedNothing() {
    agent.listed(java.util.Set.of());
  }

  @BeforeEach
  void theWatcherListedNothing(org.junit.jupiter.api.TestInfo test) {
    if (!test.getTags().contains("firstList")) {
      listedNothing();
    }
  }

  @AfterEach
  void tearDown() {
    loop.shutdownNow();
  }

  @Test
  void oneBadPairInABatchDoesNotHoldBackTheOthers() throws Exception {
    VipPair good = TestPairs.equalPair("db", "good", 1);
    VipPair bad = TestPairs.equalPair("db", "bad", 2);
    bad.getSpec().member("cvm-a").setInterfaceName("nosuch0");
    agent.pairSeen(good);
    agent.pairSeen(bad);
    await().atMost(Duration.ofSeconds(5)).until(() -> report("good").observedGeneration() != null && report("bad").configError() != null);
    assertThat(report("good").configHash()).hasSize(12);
    assertThat(report("good").configError()).isNull();
    assertThat(report("bad").configError()).contains("nosuch0");
    assertThat(report("bad").observedGeneration()).isNull();
    String conf = Files.readString(runDir.resolve("keepalived.conf"));
    assertThat(conf).contains("vrrp_instance VP_db_good").doesNotContain("VP_db_bad");
    assertThat(reloads.get()).isEqualTo(1);

    int checksBefore = checks.get();
    agent.pairSeen(bad); // the same rejected settings again (e.g. a status-only update)
    Thread.sleep(200); // nothing to wait for: asserting that nothing happens
    assertThat(checks.get()).as("rejected settings are not tested again").isEqualTo(checksBefore);

    bad.getSpec().member("cvm-a").setInterfaceName("eth0");
    bad.getMetadata().setGeneration(2L);
    agent.pairSeen(bad);
    await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(2).equals(report("bad").observedGeneration()));
    assertThat(report("bad").configError()).isNull();
    assertThat(Files.readString(runDir.resolve("keepalived.conf"))).contains("VP_db_bad");
  }

  @Test
  void aHostileSpecIsReportedAndNeverRendered() throws Exception {
    VipPair hostile = TestPairs.equalPair("db", "evil", 3);
    hostile.getSpec().member("cvm-a").setInterfaceName("eth0\n}\nvrrp_script x {\n script \"/bin/touch /tmp/pwned\"");
    agent.pairSeen(hostile);
    await().atMost(Duration.ofSeconds(5)).until(() -> report("evil").configError() != null);
    assertThat(report("evil").configError()).contains("spec.members[0].interface");
    assertThat(Files.exists(runDir.resolve("keepalived.conf"))
        ? Files.readString(runDir.resolve("keepalived.conf")) : "").doesNotContain("vrrp_script", "pwned");
  }

  @Test
  void twoPairsWithOneVridOnOneInterfaceAreRefused() {
    agent.pairSeen(TestPairs.equalPair("db", "a", 7));
    await().atMost(Duration.ofSeconds(5)).until(() -> report("a").observedGeneration() != null);
    agent.pairSeen(TestPairs.equalPair("db", "b", 7));
    await().atMost(Duration.ofSeconds(5)).until(() -> report("b").configError() != null);
    assertThat(report("b").configError()).contains("virtualRouterId 7", "db/a");
  }

  @Test
  void fenceProbeTransitionsAndRemoval() throws Exception {
    VipPair pair = TestPairs.equalPair("db", "p", 4);
    pair.setStatus(new VipPairStatus());
    pair.getStatus().setFence(new Fence("cvm-a", "split brain", "2026-01-01T00:00:00Z"));
    pair.getStatus().setProbe(new Probe("cvm-a", "nonce-1", "2026-01-01T00:00:01Z"));
    agent.pairSeen(pair);
    Path fence = runDir.resolve("track/VP_db_p.fence");
    Path health = runDir.resolve("track/VP_db_p.health");
    await().atMost(Duration.ofSeconds(5)).until(() -> report("p").fenced());
    assertThat(Files.readString(fence).strip()).isEqualTo("1");
    assertThat(Files.readString(health).strip()).isEqualTo("0");
    assertThat(report("p").ack()).isEqualTo("nonce-1");
    assertThat(report("p").healthy()).as("no health check: healthy").isTrue();

    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_db_p\" FAULT 100").orElseThrow());
    assertThat(report("p").role()).isEqualTo(VrrpRole.FAULT);
    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_other_x\" MASTER 100").orElseThrow()); // not ours: ignored

    pair.getStatus().setFence(new Fence("cvm-b", "the other one", "2026-01-01T00:00:02Z"));
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> !report("p").fenced());
    assertThat(Files.readString(fence).strip()).isEqualTo("0");

    agent.runningChanged(false);
    assertThat(report("p").role()).as("keepalived down: FAULT").isEqualTo(VrrpRole.FAULT);

    agent.pairGone(new PairKey("db", "p"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(fence) && !Files.exists(health));
    assertThat(Files.readString(runDir.resolve("keepalived.conf"))).doesNotContain("vrrp_instance");
    assertThat(book.contains(new PairKey("db", "p"))).isFalse();
  }

  @Test
  void aStopKeepalivedAnnouncedOutlivesItsExitWhileACrashReportsFault() {
    agent.pairSeen(TestPairs.equalPair("db", "g", 8));
    await().atMost(Duration.ofSeconds(5)).until(() -> report("g").observedGeneration() != null);
    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_db_g\" MASTER 100").orElseThrow());
    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_db_g\" STOP 100").orElseThrow()); // SIGTERM: goodbye sent
    agent.runningChanged(false);
    assertThat(report("g").role()).as("a clean stop keeps its STOP (the operator's rule 16a reads it)").isEqualTo(VrrpRole.STOP);

    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_db_g\" BACKUP 100").orElseThrow()); // started again
    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"VP_db_g\" MASTER 100").orElseThrow());
    agent.runningChanged(false); // SIGKILL: keepalived wrote nothing
    assertThat(report("g").role()).as("a crash is FAULT, never a goodbye").isEqualTo(VrrpRole.FAULT);
  }

  @Test
  void anAnnounceRequestMakesKeepalivedReannounceUntilItIsCleared() throws Exception {
    VipPair pair = TestPairs.equalPair("db", "h", 6);
    pair.getSpec().getCloud().setMode(io.vippair.api.v1alpha1.CloudMode.HaVip);
    pair.setStatus(new VipPairStatus());
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> report("h").observedGeneration() != null);
    String hash = report("h").configHash();
    int reloadsBefore = reloads.get();

    pair.getStatus().setAnnounce(new io.vippair.api.v1alpha1.Announce("cvm-a", "a-1", "2026-01-01T00:00:00.000Z"));
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> "a-1".equals(report("h").announced()));
    assertThat(Files.readString(runDir.resolve("keepalived.conf"))).contains("garp_master_refresh 1");
    assertThat(reloads.get()).as("a reload starts the refresh").isEqualTo(reloadsBefore + 1);
    assertThat(report("h").configHash()).isEqualTo(hash);

    pair.getStatus().setAnnounce(null); // the binding followed
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() ->
        !Files.readString(runDir.resolve("keepalived.conf")).contains("garp_master_refresh"));
    assertThat(reloads.get()).as("a reload stops it").isEqualTo(reloadsBefore + 2);
    assertThat(report("h").announced()).as("the last request answered stays reported").isEqualTo("a-1");
  }

  @Test
  void losingTheMemberLabelRemovesThePair() {
    VipPair pair = TestPairs.equalPair("db", "l", 5);
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> report("l").observedGeneration() != null);
    pair.getMetadata().getLabels().remove("member.vippair.io/cvm-a");
    agent.pairSeen(pair);
    await().atMost(Duration.ofSeconds(5)).until(() -> !book.contains(new PairKey("db", "l")));
  }

  @Test
  @org.junit.jupiter.api.Tag("firstList")
  void anAdoptedKeepalivedsRolesAreReportedBeforeTheWatchAndSurviveIt() throws Exception {
    Path dumpDir = runDir.resolve("keepalived-tmp");
    String longName = PairKeyNames.LONGEST_NAME;
    String shortened = new PairKey("db", longName).instanceName();
    CommandRunner keepalivedDumps = (command, timeout) -> {
      if (command.get(0).equals("kill")) {
        try {
          Files.createDirectories(dumpDir);
          Files.writeString(dumpDir.resolve("keepalived.json"), "[{\"data\":{\"iname\":\"VP_db_m\",\"state\":2,"
              + "\"last_transition\":1796415889.04}},{\"data\":{\"iname\":\"" + shortened + "\",\"state\":2}}]");
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return new CommandRunner.Result(0, "36", false);
    };
    agent.attach(recordingKeepalived, new HealthMonitor(Executors.newSingleThreadScheduledExecutor(), agent,
        new AgentMetrics(new SimpleMeterRegistry())), new KeepalivedStates(Path.of("/usr/sbin/keepalived"), dumpDir, keepalivedDumps),
        Runnable::run);
    agent.adopted(ProcessHandle.current().pid()); // a process older than a second, like an adopted keepalived
    agent.runningChanged(true);
    assertThat(agent.initialRoles()).isDone();
    assertThat(report("m").role()).as("known from keepalived before any watch event").isEqualTo(VrrpRole.MASTER);
    assertThat(report("m").since()).isEqualTo(java.time.Instant.parse("2026-12-04T20:24:49.040Z"));

    agent.listed(java.util.Set.of(new PairKey("db", "m"), new PairKey("db", longName)));
    agent.pairSeen(TestPairs.equalPair("db", "m", 1));
    agent.pairSeen(TestPairs.equalPair("db", longName, 2));
    await().atMost(Duration.ofSeconds(5)).until(() -> report("m").observedGeneration() != null);
    assertThat(report("m").role()).as("the watch does not make it UNKNOWN").isEqualTo(VrrpRole.MASTER);
    assertThat(report(longName).role()).as("a shortened instance name is matched once the watch shows its pair").isEqualTo(VrrpRole.MASTER);
    assertThat(reloads.get()).as("no reload just to hear the states again").isEqualTo(1);
  }

  @Test
  void theLongestNamesWorkEndToEndAndOnePairThatFailsHoldsBackNoOther() throws Exception {
    String longName = PairKeyNames.LONGEST_NAME;
    VipPair longest = TestPairs.equalPair(PairKeyNames.LONGEST_NAMESPACE, longName, 1);
    VipPair broken = TestPairs.equalPair("db", "broken", 2);
    broken.setStatus(new VipPairStatus());
    broken.getStatus().setFence(new Fence("cvm-a", "test", "2026-01-01T00:00:00Z"));
    Files.createDirectories(runDir.resolve("track/VP_db_broken.fence")); // the fence file cannot be written
    agent.pairSeen(longest);
    agent.pairSeen(broken);
    agent.pairSeen(TestPairs.equalPair("db", "fine", 3));
    PairKey longKey = new PairKey(PairKeyNames.LONGEST_NAMESPACE, longName);
    await().atMost(Duration.ofSeconds(5)).until(() -> book.get(longKey).orElseThrow().observedGeneration() != null
        && report("fine").observedGeneration() != null && report("broken").configError() != null);
    assertThat(report("broken").configError()).contains("cannot prepare");
    assertThat(Files.readString(runDir.resolve("keepalived.conf"))).contains("vrrp_instance " + longKey.instanceName() + " {");
    assertThat(Files.exists(TrackFiles.of(runDir.resolve("track"), longKey).health())).isTrue();

    agent.vrrpEvent(FifoEvent.parse("INSTANCE \"" + longKey.instanceName() + "\" MASTER 100").orElseThrow());
    assertThat(book.get(longKey).orElseThrow().role()).isEqualTo(VrrpRole.MASTER);
  }

  @Test
  @org.junit.jupiter.api.Tag("firstList")
  void keepalivedIsConfiguredOnlyOnceEveryListedPairHasArrived() throws Exception {
    Path conf = runDir.resolve("keepalived.conf");
    agent.pairSeen(TestPairs.equalPair("db", "first", 11));
    agent.listed(java.util.Set.of(new PairKey("db", "first"), new PairKey("db", "second"), new PairKey("db", "third")));
    agent.pairSeen(TestPairs.equalPair("db", "second", 12));
    // the third pair's event is late (a loaded machine): nothing may be applied with two of three pairs
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> reloads.get() == 0);
    assertThat(Files.exists(conf) ? Files.readString(conf) : "").as("no configuration from a partial list").doesNotContain("vrrp_instance");

    agent.pairSeen(TestPairs.equalPair("db", "third", 13));
    await().atMost(Duration.ofSeconds(5)).until(() -> report("third").observedGeneration() != null);
    assertThat(Files.readString(conf)).contains("VP_db_first", "VP_db_second", "VP_db_third");
    assertThat(reloads.get()).as("one apply with all three").isEqualTo(1);
  }

  @Test
  @org.junit.jupiter.api.Tag("firstList")
  void nothingIsConfiguredBeforeTheWatcherHasListed() throws Exception {
    agent.pairSeen(TestPairs.equalPair("db", "early", 14));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> reloads.get() == 0);
    agent.listed(java.util.Set.of(new PairKey("db", "early")));
    await().atMost(Duration.ofSeconds(5)).until(() -> report("early").observedGeneration() != null);
    assertThat(reloads.get()).isEqualTo(1);
  }

  private LocalReport report(String name) {
    return book.get(new PairKey("db", name)).orElse(LocalReport.initial(java.time.Instant.EPOCH));
  }
}
