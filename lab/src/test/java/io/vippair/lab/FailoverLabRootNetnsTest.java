package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The end-to-end lab with every real part: network namespaces, real keepalived under real node
 * agents, the operator jar (two replicas, leader election), the real Tencent SDK against the cloud
 * emulator, and a client pinging each VIP through a router that follows the cloud's ownership.
 * The Kubernetes API is fabric8's mock (no kube-apiserver can run here). Needs root; CI runs it.
 *
 * <p>Only one lab runs per machine at a time ({@link LabLock}); a second build's lab waits. One
 * lab is shared by all scenarios (starting it takes ~20 s); {@link Lab#reset()} puts it back
 * to a clean, converged state before each. The API outage of scenario 8 is shortened to 10 s here
 * (-Dvippair.lab.apiOutageSeconds=30 for the full length; the command line uses 30 s).
 *
 * <p>Which scenarios run: {@link #EXPECTED_TO_PASS} by default; {@code -Dvippair.lab.scenarios=all}
 * or a comma-separated list of names selects others (a scenario whose fix has not landed yet fails
 * against its target; enable it in the list once it passes). Every scenario run appends its line to
 * {@code target/lab-results.tsv}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(FailoverLabRootNetnsTest.DumpLogsOnFailure.class)
class FailoverLabRootNetnsTest {
  static final long ADVERT_MS = 1000;
  static final long MIGRATION_DELAY_MS = 1000;
  /** VRRPv3 skew for priority 100: (256 - 100) / 256 of an advert interval. */
  static final long SKEW_MS = (256 - 100) * ADVERT_MS / 256;
  /** The target for a silent master: 3 adverts + skew + the cloud's delay + 0.5 s. */
  static final long SILENT_MASTER_TARGET_MS = 3 * ADVERT_MS + SKEW_MS + MIGRATION_DELAY_MS + 500;
  /** The vippair part's target (report -> migration request). */
  static final long VIPPAIR_TARGET_MS = 200;

  /**
   * Scenarios CI runs: the first release's nine, and the issue-11 ones whose fixes have landed
   * (add a name here once its scenario passes on main).
   */
  static final List<String> EXPECTED_TO_PASS = List.of("graceful-stop", "keepalived-kill", "power-off", "health-check",
      "split-brain", "leader-killed", "cloud-faults", "api-unreachable", "preferred-return",
      // agent-restart and agent-upgrade: roles reported 367-665 ms after the agent's start once
      // it starts with its class archive, as the packages' does (docs/performance.md)
      "agent-restart", "agent-upgrade", "agent-restart-then-partition", "api-outage-then-kill",
      "duplicate-vip", "cloud-hang", "leader-sigterm", "flapping",
      // passed 7 runs in a row alone (-Dvippair.lab.scenarios=cutover), 4 of them after merging main
      "cutover",
      // issue 14: 1,100 / 1,084 / 1,099 ms in three runs in a row (target 1,300 ms)
      "planned-switchover",
      // issue 14: 0 lost pings in 4 runs of 4 (longest gaps 29, 55, 32, 40 ms at 20 ms pings); about 5 s
      "planned-switchover-mbb",
      // issue 15: with one of them selected the lab adds the HAVIP pair edge on cvm-a and a CVM of
      // its own, cvm-d (Topology.withHaVip), so cutover keeps cvm-c to cache alone
      "havip-kill-master", "havip-garp-lost", "havip-outside-scope");
  /** Issue 11's targets. */
  static final long QUIET_OUTAGE_MS = 100;
  static final long ROLES_REPORTED_MS = 1000;
  static final long CONVERGED_AFTER_HEAL_MS = 10_000;
  static final long KEEPALIVED_BACK_MS = 2000;
  static final long REPORTS_THROUGH_MS = 2000;
  static final long STATUS_SHOWS_MASTER_MS = 1000;
  static final long STANDBY_LEADS_MS = 2000;
  static final long LEADER_EXITS_MS = 5000;

  /** The scenario a test method runs (its name for the command line and the results file). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface LabScenario {
    String value();
  }

  static Lab lab;
  static Scenarios scenarios;
  static final List<ScenarioResult> results = new ArrayList<>();

  @BeforeAll
  static void startLab() {
    assumeTrue(Preflight.isRoot(), "skipped: the end-to-end lab creates network namespaces and needs root (CI runs it as root)");
    if (System.getProperty("vippair.lab.apiOutageSeconds") == null) {
      System.setProperty("vippair.lab.apiOutageSeconds", "10");
    }
    lab = Lab.start(Scenarios.topologyFor(selected()), LabOptions.defaults()
        .withWorkDir(Path.of("target", "lab-run").toAbsolutePath())
        .withMigrationDelay(Duration.ofMillis(MIGRATION_DELAY_MS))
        .withKeepFiles(true));
    scenarios = new Scenarios(lab, new ResultsTsv(Path.of("target", "lab-results.tsv").toAbsolutePath()));
  }

  /** -Dvippair.lab.scenarios=all|name,name,... or the scenarios expected to pass. */
  static Set<String> selected() {
    String p = System.getProperty("vippair.lab.scenarios", "").strip();
    if (p.isEmpty()) {
      return Set.copyOf(EXPECTED_TO_PASS);
    }
    if (p.equals("all")) {
      return Set.copyOf(Scenarios.NAMES);
    }
    return Set.copyOf(Arrays.stream(p.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList());
  }

  @AfterAll
  static void stopLab() throws IOException {
    if (lab != null) {
      lab.close();
    }
    if (!results.isEmpty()) {
      var sb = new StringBuilder("scenario | ping outage ms | VIP moves | Migrate requests | report -> cloud call ms\n");
      for (ScenarioResult r : results) {
        sb.append(String.format("%s | %d | %d | %d | %s%n", r.name(), r.outage().toMillis(), r.ownershipChanges(),
            r.migrateRequests(), r.vippairMillis() < 0 ? "n/a" : Long.toString(r.vippairMillis())));
      }
      System.out.println(sb);
      Files.writeString(Path.of("target", "lab-results.txt"), sb.toString());
    }
    // the network and every process must be gone, so that the next run starts clean (checked
    // under the machine's lab lock: another build's lab may start right after ours)
    if (lab != null) {
      try (LabLock lock = LabLock.tryAcquire().orElse(null)) {
        if (lock != null) {
          assertThat(LabNetwork.leftovers(Topology.standard().prefix())).as("lab namespaces left after close").isEmpty();
        }
      }
    }
  }

  @BeforeEach
  void reset(TestInfo info) {
    String name = info.getTestMethod().map(m -> m.getAnnotation(LabScenario.class)).map(LabScenario::value)
        .orElseThrow(() -> new IllegalStateException(info.getDisplayName() + " has no @LabScenario"));
    assumeTrue(selected().contains(name), "scenario " + name + " is not selected (EXPECTED_TO_PASS, or -Dvippair.lab.scenarios=all|"
        + name + ")");
    lab.reset();
  }

  private static ScenarioResult run(String name) {
    ScenarioResult r = scenarios.run(name);
    results.add(r);
    System.out.println(r.render());
    return r;
  }

  @Test
  @Order(1)
  @LabScenario("graceful-stop")
  void gracefulStopOfTheMastersKeepalivedMovesTheVipOnce() {
    ScenarioResult r = run("graceful-stop");
    assertThat(r.ownershipChanges()).isEqualTo(1);
    assertThat(r.outage().toMillis()).isLessThan(SILENT_MASTER_TARGET_MS * 2);
    assertThat(r.vippairMillis()).isBetween(0L, VIPPAIR_TARGET_MS * 5);
  }

  @Test
  @Order(2)
  @LabScenario("keepalived-kill")
  void sigkillOfTheMastersKeepalivedStaysWithinTheOutageTarget() {
    ScenarioResult r = run("keepalived-kill");
    assertThat(r.ownershipChanges()).isEqualTo(1);
    System.out.printf("keepalived-kill outage %d ms, target %d ms%n", r.outage().toMillis(), SILENT_MASTER_TARGET_MS);
    assertThat(r.outage().toMillis()).isLessThan(SILENT_MASTER_TARGET_MS * 2);
    assertThat(r.vippairMillis()).isBetween(0L, VIPPAIR_TARGET_MS * 5);
  }

  @Test
  @Order(3)
  @LabScenario("power-off")
  void masterPoweredOffIsDetectedByTheProbeAndReplaced() {
    ScenarioResult r = run("power-off");
    assertThat(r.ownershipChanges()).isEqualTo(1);
    assertThat(r.outage().toMillis()).isLessThan(SILENT_MASTER_TARGET_MS * 3);
  }

  @Test
  @Order(4)
  @LabScenario("health-check")
  void failingHealthCheckOnTheMasterGivesUpTheVip() {
    ScenarioResult r = run("health-check");
    assertThat(r.ownershipChanges()).isEqualTo(1);
    assertThat(r.outage().toMillis()).isLessThan(SILENT_MASTER_TARGET_MS * 3);
  }

  @Test
  @Order(5)
  @LabScenario("split-brain")
  void splitBrainKeepsTheVipWithTheCloudOwnerAndMigratesNothing() {
    ScenarioResult r = run("split-brain");
    Map<String, Object> f = r.facts();
    assertThat(f.get("migrations during the partition")).isEqualTo(0L);
    assertThat(f.get("VIP moves during the partition")).isEqualTo(0L);
    assertThat(f.get("cloud owner during the partition")).isEqualTo(f.get("cloud owner before"));
    assertThat((Long) f.get("ping outage during the partition ms")).isLessThan(500L);
  }

  @Test
  @Order(6)
  @LabScenario("leader-killed")
  void standbyOperatorFinishesTheMigrationOfAKilledLeader() {
    ScenarioResult r = run("leader-killed");
    assertThat(r.facts().get("new leader")).isNotEqualTo(r.facts().get("killed leader"));
    assertThat(r.ownershipChanges()).as("the VIP moved exactly once: no duplicate migration").isEqualTo(1);
  }

  @Test
  @Order(7)
  @LabScenario("cloud-faults")
  void throttledAndFailingCloudStillConvergesWithOneMigration() {
    ScenarioResult r = run("cloud-faults");
    assertThat(r.ownershipChanges()).as("the VIP moved exactly once: no duplicate migration").isEqualTo(1);
  }

  @Test
  @Order(8)
  @LabScenario("api-unreachable")
  void apiServerOutageLeavesKeepalivedAndTheVipsAloneAndIsReportedAfter() {
    ScenarioResult r = run("api-unreachable");
    assertThat(r.facts().get("keepalived pids unchanged")).isEqualTo(true);
    assertThat(r.facts().get("VIP holders unchanged")).isEqualTo(true);
    assertThat((Long) r.facts().get("worst ping outage of any pair during the API outage ms")).isLessThan(500L);
    assertThat(r.ownershipChanges()).isZero();
  }

  @Test
  @Order(9)
  @LabScenario("preferred-return")
  void preferredMemberTakesTheVipBackOnceAfterThePreemptDelay() {
    ScenarioResult r = run("preferred-return");
    assertThat(r.facts().get("switches back to cvm-a")).isEqualTo(1L);
    assertThat(r.ownershipChanges()).as("away and back: two moves, no flapping").isEqualTo(2);
    assertThat((Long) r.facts().get("back as BACKUP -> MASTER again ms")).isGreaterThanOrEqualTo(5000L - 500);
  }

  // ---- issue 11: routine fleet events -------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static void assertAllZero(ScenarioResult r, String fact) {
    assertThat((Map<String, Long>) r.facts().get(fact)).as(fact).allSatisfy((pair, n) -> assertThat(n).as(fact + " " + pair).isZero());
  }

  @SuppressWarnings("unchecked")
  private static void assertQuietRestart(ScenarioResult r) {
    assertThat(r.vrrpTransitions()).as("VRRP transitions of " + r.pair()).isZero();
    assertAllZero(r, "VRRP transitions per pair, keepalived's own dump");
    assertAllZero(r, "VRRP transitions per pair, as reported");
    assertThat(r.ownershipChanges()).as("VIP moves").isZero();
    assertAllZero(r, "VIP moves per pair");
    assertThat(r.outage().toMillis()).as("ping outage ms").isLessThan(QUIET_OUTAGE_MS);
    assertThat((Map<String, Long>) r.facts().get("ping outage per pair ms")).allSatisfy((pair, ms) ->
        assertThat(ms).as("ping outage of " + pair).isLessThan(QUIET_OUTAGE_MS));
    assertThat((Long) r.facts().get("roles reported after the agent's start ms")).isLessThanOrEqualTo(ROLES_REPORTED_MS);
  }

  @Test
  @Order(10)
  @LabScenario("agent-restart")
  void agentKilledAndRestartedOnTheMasterChangesNothing() {
    assertQuietRestart(run("agent-restart"));
  }

  @Test
  @Order(11)
  @LabScenario("agent-upgrade")
  void agentUpgradedOnTheMasterChangesNothing() {
    assertQuietRestart(run("agent-upgrade"));
  }

  @Test
  @Order(12)
  @LabScenario("agent-restart-then-partition")
  void partitionAfterAnAgentRestartMovesNothingAndHeals() {
    ScenarioResult r = run("agent-restart-then-partition");
    assertThat(r.facts().get("VIP moves during the partition (all pairs)"))
        .as("VIP moves during the partition; the restarted agent said: %s", r.facts().get("the restarted agent said")).isEqualTo(0L);
    assertThat(r.convergedMillis()).as("converged after the heal ms").isBetween(0L, CONVERGED_AFTER_HEAL_MS);
  }

  @Test
  @Order(13)
  @LabScenario("api-outage-then-kill")
  void keepalivedIsRestartedWithoutTheApiServerAndReportsFollowItsReturn() {
    ScenarioResult r = run("api-outage-then-kill");
    assertThat((Long) r.facts().get("keepalived running again after the kill ms"))
        .as("keepalived running again after the kill ms; its agent said: %s", r.facts().get("its agent said")).isLessThanOrEqualTo(KEEPALIVED_BACK_MS);
    assertThat((Long) r.facts().get("reports through after the API server's return ms"))
        .as("reports through ms; its agent said: %s", r.facts().get("its agent said")).isLessThanOrEqualTo(REPORTS_THROUGH_MS);
  }

  @Test
  @Order(14)
  @LabScenario("duplicate-vip")
  void aSecondPairWithTheSameVipIsNamedNotFought() {
    ScenarioResult r = run("duplicate-vip");
    assertThat((Long) r.facts().get("both statuses say why after ms")).as("both pairs' status names the other").isNotNegative();
    assertThat(r.facts().get("VIP moves in all")).as("VIP moves after the second pair appeared").isEqualTo(0L);
    assertThat(r.ownershipChanges()).isZero();
  }

  @Test
  @Order(15)
  @LabScenario("cloud-hang")
  void aHangingMigrationDoesNotFreezeTheStatus() {
    ScenarioResult r = run("cloud-hang");
    assertThat((Long) r.facts().get("status shows the new master after its report ms")).isLessThanOrEqualTo(STATUS_SHOWS_MASTER_MS);
    assertThat(r.ownershipChanges()).as("the VIP moved once").isEqualTo(1);
  }

  @Test
  @Order(16)
  @LabScenario("leader-sigterm")
  void sigtermToTheLeaderHandsOverToTheStandby() {
    ScenarioResult r = run("leader-sigterm");
    assertThat(r.facts().get("old leader exited by itself")).isEqualTo(true);
    assertThat((Long) r.facts().get("old leader exited after SIGTERM ms")).isBetween(0L, LEADER_EXITS_MS);
    assertThat((Long) r.facts().get("standby leads after the old leader exited ms")).isBetween(0L, STANDBY_LEADS_MS);
    assertThat(r.ownershipChanges()).as("the VIP moved once").isEqualTo(1);
  }

  @Test
  @Order(17)
  @LabScenario("flapping")
  void aCrashLoopingMasterMovesTheVipOncePerSettledChange() {
    ScenarioResult r = run("flapping");
    assertThat(r.facts().get("at most one move per settled master change")).as(String.valueOf(r.facts().get("per pair"))).isEqualTo(true);
  }

  @Test
  @Order(18)
  @LabScenario("cutover")
  void sideBySideCutOverFromTheSeedScriptsLosesNoPingAtTheSwitch() {
    ScenarioResult r = run("cutover");
    assertThat(r.facts().get("observe-only: MigratePrivateIpAddress by the script")).as("the script moved the VIP").isNotEqualTo(0L);
    assertThat(r.facts().get("observe-only: MigratePrivateIpAddress by the operator")).as("a paused operator moves nothing").isEqualTo(0L);
    // the longest gap between replies (one ping every 20 ms): under QUIET_OUTAGE_MS, as for the quiet restarts
    assertThat(r.outage().toMillis()).as("ping outage at the switch").isLessThan(QUIET_OUTAGE_MS);
    assertThat(r.ownershipChanges()).as("VIP moves at the switch").isZero();
    assertThat(r.migrateRequests()).as("MigratePrivateIpAddress at the switch").isZero();
    assertThat((Long) r.facts().get("acting: MigratePrivateIpAddress, all pairs (the operator's)")).as("vippair acts after the switch").isPositive();
    assertThat(r.facts().get("acting: cache VIP moves")).as("the operator moved cache's VIP once").isEqualTo(1L);
    assertThat(r.facts().get("acting: script log lines written")).as("the script no longer runs").isEqualTo(0L);
  }

  // ---- issue 14: day-2 operations ------------------------------------------------------------

  /** Issue 14's target for a planned switchover: the cloud's migration delay plus 300 ms. */
  static final long PLANNED_SWITCHOVER_TARGET_MS = MIGRATION_DELAY_MS + 300;

  @Test
  @Order(19)
  @LabScenario("planned-switchover")
  void aPlannedSwitchoverCostsTheMigrationDelayPlus300MsAndMovesTheVipOnce() {
    ScenarioResult r = run("planned-switchover");
    assertThat(r.facts().get("status.switchover.phase")).isEqualTo("Succeeded");
    assertThat(r.facts().get("last failover reason")).isEqualTo("PlannedSwitchover");
    assertThat(r.facts().get("fence lifted")).isEqualTo(true);
    assertThat(r.ownershipChanges()).as("VIP moves").isEqualTo(1);
    assertThat(r.migrateRequests()).as("MigratePrivateIpAddress requests").isEqualTo(1);
    assertThat(r.outage().toMillis()).as("ping outage ms").isLessThanOrEqualTo(PLANNED_SWITCHOVER_TARGET_MS);
  }

  /**
   * Issue 14, make-before-break: no echo request lost (counted from icmp_seq). The longest gap
   * between replies is printed, not asserted: on this shared 2-core machine ping itself is late by
   * up to ~50 ms with no event at all (51 ms measured before a planned-switchover request), so a
   * gap bound of one interval would test the machine, not the switchover; lost requests do not
   * depend on when ping gets the CPU.
   */
  static final long MBB_TARGET_GAP_MS = 2 * PingProber.INTERVAL.toMillis();

  @Test
  @Order(29)
  @LabScenario("planned-switchover-mbb")
  void aMakeBeforeBreakSwitchoverLosesNoPing() {
    ScenarioResult r = run("planned-switchover-mbb");
    assertThat(r.facts().get("status.switchover.phase")).isEqualTo("Succeeded");
    assertThat(r.facts().get("last failover reason")).isEqualTo("PlannedSwitchover");
    assertThat(r.facts().get("fence lifted")).isEqualTo(true);
    assertThat(r.facts().get("only the cloud's owner received the VIP's traffic")).as("the router delivers by the cloud's owner").isEqualTo(true);
    assertThat(r.ownershipChanges()).as("VIP moves").isEqualTo(1);
    assertThat(r.migrateRequests()).as("MigratePrivateIpAddress requests").isEqualTo(1);
    assertThat(r.facts().get("lost pings")).as("echo requests without a reply").isEqualTo(0L);
    System.out.printf("planned-switchover-mbb: longest gap between replies %d ms (one interval beyond normal: %d ms)%n",
        r.outage().toMillis(), MBB_TARGET_GAP_MS);
  }

  /** Issue 15: SIGKILL to the HAVIP pair's master; the binding follows the new master's gratuitous ARP, no API call moves it. */
  @Test
  @Order(40)
  @LabScenario("havip-kill-master")
  void havipFollowsTheNewMastersAnnouncementFasterThanTencentsTutorial() {
    ScenarioResult r = run("havip-kill-master");
    assertThat(r.ownershipChanges()).isEqualTo(1);
    System.out.printf("havip-kill-master outage %d ms; Tencent's tutorial: about %d ms%n", r.outage().toMillis(),
        HaVipScenarios.TENCENT_TUTORIAL_OUTAGE_MS);
    // master-down (3 adverts + skew) and the router's next look at its neighbour table: no cloud task in the path
    assertThat(r.outage().toMillis()).isLessThan(3 * ADVERT_MS + SKEW_MS + 500);
  }

  /** Issue 15: the new master's announcement is lost once; the operator's request to announce again recovers it. */
  @Test
  @Order(41)
  @LabScenario("havip-garp-lost")
  void aLostAnnouncementIsRecoveredByTheOperatorsNudge() {
    ScenarioResult r = run("havip-garp-lost");
    assertThat(r.facts().get("VPC missed the first announcement")).isEqualTo(true);
    assertThat(r.facts().get("agent announced again")).isEqualTo(true);
    assertThat(r.ownershipChanges()).isEqualTo(1);
    // keepalived alone would announce again only after garp_master_delay (5 s)
    assertThat((Long) r.facts().get("binding lag ms (status.haVip)")).isLessThan(4000L);
  }

  /** Issue 15: a VM outside the pair announces the HAVIP; the drift scope keeps it where it is. */
  @Test
  @Order(42)
  @LabScenario("havip-outside-scope")
  void anAnnouncementFromOutsideTheDriftScopeMovesNothing() {
    ScenarioResult r = run("havip-outside-scope");
    assertThat(r.facts().get("VPC's answer to its claim")).isEqualTo("OUTSIDE_SCOPE");
    assertThat(r.facts().get("HAVIP still on the master")).isEqualTo(true);
    assertThat(r.ownershipChanges()).isZero();
    assertThat(r.outage().toMillis()).isLessThan(QUIET_OUTAGE_MS * 2);
  }

  /** Shows the last log lines of every agent and operator when a scenario fails. */
  static class DumpLogsOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (lab != null) {
        lab.dumpLogs();
      }
    }
  }
}
