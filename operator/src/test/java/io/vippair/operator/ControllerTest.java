package io.vippair.operator;

import static io.vippair.operator.Testbed.NAMESPACE;
import static io.vippair.operator.Testbed.VPC;
import static io.vippair.operator.Testbed.eniA;
import static io.vippair.operator.Testbed.eniB;
import static io.vippair.operator.Testbed.member;
import static io.vippair.operator.Testbed.vip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.SecretRef;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.emulator.Actions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the mock Kubernetes API and the cloud emulator through the real cloud port
 * and SDK, with simulated agents. Every wait has a deadline; counts of cloud requests come from the
 * emulator.
 */
class ControllerTest {
  private static final Duration RESYNC = Duration.ofSeconds(2);
  private Testbed bed;

  @BeforeEach
  void start() {
    bed = Testbed.start().seedCloud(0, 3, true);
    bed.agents.answeringProbes();
  }

  @AfterEach
  void stop() {
    bed.close();
  }

  private VipPair readyPair(int i) {
    bed.create(Testbed.pairObject(i));
    bed.agentsUp(i, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> phase(i) == Phase.Ready);
    return bed.get(i);
  }

  private Phase phase(int i) {
    VipPair p = bed.get(i);
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private Optional<String> owner(int i) {
    return bed.cloud.ownerOf(VPC, vip(i));
  }

  @Test
  void labelsFinalizerAndReadyStatusForAHealthyPair() {
    bed.startOperator("op-1", RESYNC, false);
    VipPair pair = readyPair(0);

    assertThat(pair.getMetadata().getLabels())
        .containsEntry(Contract.memberLabel(member("a", 0)), "true")
        .containsEntry(Contract.memberLabel(member("b", 0)), "true");
    assertThat(pair.getMetadata().getFinalizers()).contains(Contract.FINALIZER);
    assertThat(pair.getStatus().getCloudOwner()).isEqualTo(member("a", 0));
    assertThat(pair.getStatus().getMaster()).isEqualTo(member("a", 0));
    assertThat(pair.getStatus().getAgents()).containsKeys(member("a", 0), member("b", 0));
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
  }

  @Test
  void gracefulHandoverMigratesAtOnce() {
    bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair pair = readyPair(0);

    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);

    // the resync is 5 minutes: only the reaction to the reports can move the VIP in time
    await().atMost(Duration.ofSeconds(10)).until(() -> owner(0).equals(Optional.of(eniB(0))));
    await().atMost(Duration.ofSeconds(10)).until(() -> member("b", 0).equals(bed.get(0).getStatus().getCloudOwner())
        && bed.get(0).getStatus().getMigration() == null);
    VipPair after = bed.get(0);
    assertThat(after.getStatus().getFailovers()).isEqualTo(1L);
    assertThat(after.getStatus().getLastFailover().getTo()).isEqualTo(member("b", 0));
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(1);
  }

  @Test
  void silentMasterLosesTheVipAfterAnUnansweredProbe() {
    bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair pair = readyPair(0);

    // a's VM is gone: its last report still says MASTER, and it answers no probe
    bed.agents.silence(member("a", 0));
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);

    await().atMost(Duration.ofSeconds(10)).until(() -> owner(0).equals(Optional.of(eniB(0))));
    await().atMost(Duration.ofSeconds(10)).until(() -> bed.get(0).getStatus().getLastFailover() != null);
    assertThat(bed.get(0).getStatus().getLastFailover().getReason()).isEqualTo("MasterSilent");
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(1);
  }

  @Test
  void splitBrainMakesNoMigrationForAsLongAsItLasts() {
    var op = bed.startOperator("op-1", Duration.ofSeconds(1), false);
    VipPair pair = readyPair(0);

    // both alive (they answer probes) and both MASTER
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(10)).until(() -> condition(0, Conditions.SPLIT_BRAIN).equals("True"));
    assertThat(phase(0)).isEqualTo(Phase.SplitBrain);

    long reconciles = op.reconciles();
    await().atMost(Duration.ofSeconds(20)).until(() -> op.reconciles() >= reconciles + 5);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
    assertThat(owner(0)).contains(eniA(0));
    assertThat(condition(0, Conditions.SPLIT_BRAIN)).isEqualTo("True");
    await().atMost(Duration.ofSeconds(5)).until(() -> events("SplitBrain") >= 1);
    assertThat(op.registry().find("vippair.split.brain").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void vipOnAForeignEniIsAConflictAndNothingMoves() {
    bed.cloud.addEni("eni-x0000001", Testbed.SUBNET, "ins-x0000001", "10.200.0.1");
    bed.cloud.addPrivateIp("eni-x0000001", vip(3));
    bed.seedCloud(3, 1, false);
    var op = bed.startOperator("op-1", RESYNC, false);
    bed.create(Testbed.pairObject(3));
    bed.agentsUp(3, 30);

    await().atMost(Duration.ofSeconds(15)).until(() -> "CloudConflict".equals(reason(3, Conditions.CLOUD_SYNCED)));
    long reconciles = op.reconciles();
    await().atMost(Duration.ofSeconds(20)).until(() -> op.reconciles() >= reconciles + 3);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
    assertThat(bed.cloud.requests(Actions.ASSIGN_PRIVATE_IP_ADDRESSES)).isZero();
    assertThat(bed.cloud.ownerOf(VPC, vip(3))).contains("eni-x0000001");
    assertThat(op.registry().find("vippair.cloud.conflicts").gauge().value()).isEqualTo(1.0);
  }

  @Test
  void cloudErrorsAndThrottlingConvergeWithoutExtraMoves() {
    List<String> moves = new CopyOnWriteArrayList<>();
    bed.cloud.onOwnershipChange((vpc, ip, eni) -> moves.add(ip + "->" + eni));
    bed.cloud.faults().error(Actions.MIGRATE_PRIVATE_IP_ADDRESS, "InternalError", 1.0);
    bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair[] pairs = {readyPair(0), readyPair(1), readyPair(2)};

    for (int i = 0; i < 3; i++) {
      bed.agents.report(pairs[i], member("a", i), VrrpRole.BACKUP);
      bed.agents.report(pairs[i], member("b", i), VrrpRole.MASTER);
    }
    // the cloud fails every migration: the pairs say so with the cloud's code and keep the VIP
    await().atMost(Duration.ofSeconds(20)).until(() -> "CloudError".equals(reason(0, Conditions.CLOUD_SYNCED)));
    assertThat(condition(0, Conditions.CLOUD_SYNCED)).isEqualTo("False");
    assertThat(bed.get(0).getStatus().condition(Conditions.CLOUD_SYNCED).getMessage()).contains("InternalError");

    // then it throttles (RequestLimitExceeded at 2 migrations/s) instead of failing
    bed.cloud.faults().error(Actions.MIGRATE_PRIVATE_IP_ADDRESS, "InternalError", 0);
    bed.cloud.faults().rateLimit(Actions.MIGRATE_PRIVATE_IP_ADDRESS, 2);
    for (int i = 0; i < 3; i++) {
      int p = i;
      await().atMost(Duration.ofSeconds(60)).until(() -> owner(p).equals(Optional.of(eniB(p))));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> bed.get(2).getStatus().getMigration() == null);
    assertThat(moves).containsExactlyInAnyOrder(vip(0) + "->" + eniB(0), vip(1) + "->" + eniB(1), vip(2) + "->" + eniB(2));
  }

  /**
   * Issue 10, defect 2 (rule 21): a move of the VIP that the operator did not start is followed
   * until it settles, not left as a stale "moving" until the next resync (5 minutes here).
   */
  @Test
  void aMoveTheOperatorDidNotStartIsFollowedUntilItSettles() throws Exception {
    bed.create(Testbed.pairObject(0));
    bed.agentsUp(0, 30);
    bed.cloud.faults().migrationDelay(Duration.ofSeconds(6), Duration.ofSeconds(6));
    var someoneElse = new io.vippair.operator.cloud.tencent.TencentCloudPort(
        io.vippair.operator.cloud.tencent.CloudPortSettings.defaults().withEndpoint(
            io.vippair.operator.cloud.tencent.CloudEndpoint.parse("http://" + bed.cloud.endpoint())),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    var account = new io.vippair.operator.cloud.CloudAccount(Testbed.REGION,
        new io.vippair.operator.cloud.CloudCredentials(bed.cloud.secretId(), bed.cloud.secretKey(), null));
    someoneElse.migrate(account, vip(0), eniA(0), eniB(0));
    bed.startOperator("op-1", Duration.ofMinutes(5), false);

    // a-0 is still master: once the foreign move settles on b-0, the operator moves the VIP back
    await().atMost(Duration.ofSeconds(20)).until(() -> owner(0).equals(Optional.of(eniA(0)))
        && bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS) == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> phase(0) == Phase.Ready);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(2);
  }

  /** Issue 11, item 6: a hanging cloud call does not freeze the status: the new master shows within 1 s. */
  @Test
  void aHangingMigrationStillShowsTheNewMasterWithinOneSecond() {
    bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair pair = readyPair(0);
    bed.cloud.faults().hang(Actions.MIGRATE_PRIVATE_IP_ADDRESS, true);

    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(1)).until(() -> member("b", 0).equals(bed.get(0).getStatus().getMaster())
        && "MigrationInFlight".equals(reason(0, Conditions.CLOUD_SYNCED)));
    assertThat(owner(0)).contains(eniA(0));

    bed.cloud.faults().hang(Actions.MIGRATE_PRIVATE_IP_ADDRESS, false);
    await().atMost(Duration.ofSeconds(60)).until(() -> owner(0).equals(Optional.of(eniB(0)))
        && bed.get(0).getStatus().getMigration() == null && phase(0) == Phase.Ready);
  }

  /** Issue 11, item 6: once a change settles, the pair is observed at the routine period again. */
  @Test
  void pollingDropsBackToTheRoutinePeriodOnceTheChangeSettles() throws InterruptedException {
    bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair pair = readyPair(0);
    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(10)).until(() -> bed.get(0).getStatus().getMigration() == null
        && member("b", 0).equals(bed.get(0).getStatus().getCloudOwner()));

    Thread.sleep(1000); // the settle window the issue allows
    long describes = bed.cloud.requests(Actions.DESCRIBE_NETWORK_INTERFACES);
    Thread.sleep(2000); // eight follow-up ticks: none may ask the cloud about a settled pair
    assertThat(bed.cloud.requests(Actions.DESCRIBE_NETWORK_INTERFACES)).isEqualTo(describes);
  }

  @Test
  void aNewOperatorFinishesTheMigrationTheOldOneStartedWithoutASecondRequest() {
    bed.cloud.faults().migrationDelay(Duration.ofSeconds(3), Duration.ofSeconds(3));
    var first = bed.startOperator("op-1", Duration.ofMinutes(5), false);
    VipPair pair = readyPair(0);

    bed.agents.report(pair, member("a", 0), VrrpRole.BACKUP);
    bed.agents.report(pair, member("b", 0), VrrpRole.MASTER);
    await().atMost(Duration.ofSeconds(10)).until(() -> bed.get(0).getStatus().getMigration() != null
        && bed.get(0).getStatus().getMigration().getTaskId() != null);
    String task = bed.get(0).getStatus().getMigration().getTaskId();
    bed.stop(first);
    assertThat(bed.cloud.taskStatus(Testbed.REGION, task)).contains("RUNNING");

    bed.startOperator("op-2", Duration.ofMinutes(5), false);
    await().atMost(Duration.ofSeconds(20)).until(() -> bed.get(0).getStatus().getMigration() == null
        && member("b", 0).equals(bed.get(0).getStatus().getCloudOwner()));
    assertThat(owner(0)).contains(eniB(0));
    assertThat(bed.get(0).getStatus().getFailovers()).isEqualTo(1L);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(1);
  }

  @Test
  void deletionRetainsOrReleasesTheVipAsThePolicySays() {
    bed.startOperator("op-1", RESYNC, false);
    readyPair(0);
    VipPair release = Testbed.pairObject(1);
    release.getSpec().setDeletionPolicy(DeletionPolicy.Release);
    bed.create(release);
    bed.agentsUp(1, 30);
    await().atMost(Duration.ofSeconds(15)).until(() -> phase(1) == Phase.Ready);

    bed.client.resource(bed.get(0)).delete();
    bed.client.resource(bed.get(1)).delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> bed.get(0) == null && bed.get(1) == null);
    assertThat(owner(0)).contains(eniA(0));
    assertThat(owner(1)).isEmpty();
  }

  @Test
  void problemsOnlyTheOperatorCanSeeAreReportedAndTouchNoCloud() {
    // pair 1's member b is an ENI of another VPC
    bed.cloud.addVpc("vpc-other001", Testbed.REGION, "172.16.0.0/16");
    bed.cloud.addSubnet("subnet-other001", "vpc-other001", "172.16.0.0/16");
    bed.cloud.addEni("eni-z0000001", "subnet-other001", "ins-b0000001", "172.16.0.5");
    bed.startOperator("op-1", RESYNC, false);
    readyPair(0);

    VipPair foreignEni = Testbed.pairObject(1);
    foreignEni.getSpec().getMembers().get(1).setNetworkInterfaceId("eni-z0000001");
    bed.create(foreignEni);
    // pair 2 shares member a-0 with pair 0 and its VRRP id
    VipPair clash = Testbed.pairObject(2);
    clash.getSpec().getMembers().get(0).setName(member("a", 0));
    clash.getSpec().getVrrp().setVirtualRouterId(Testbed.pairObject(0).getSpec().getVrrp().getVirtualRouterId());
    bed.create(clash);
    // pair 4 names a Secret that does not exist
    bed.seedCloud(4, 1, false);
    VipPair noSecret = Testbed.pairObject(4);
    noSecret.getSpec().getCloud().setCredentialsSecretRef(new SecretRef("tencent-api"));
    bed.create(noSecret);
    for (int i : new int[] {1, 2, 4}) {
      bed.agentsUp(i, 30);
    }

    await().atMost(Duration.ofSeconds(15)).until(() -> "EniNotInVpc".equals(reason(1, Conditions.READY)));
    await().atMost(Duration.ofSeconds(15)).until(() -> "VrrpIdClash".equals(reason(2, Conditions.READY)));
    await().atMost(Duration.ofSeconds(15)).until(() -> "SecretNotFound".equals(reason(4, Conditions.READY)));
    assertThat(bed.get(1).getStatus().condition(Conditions.READY).getMessage()).contains("vpc-other001");
    assertThat(bed.get(4).getStatus().condition(Conditions.READY).getMessage()).contains(NAMESPACE + "/tencent-api");
    assertThat(phase(0)).isEqualTo(Phase.Ready);
    assertThat(bed.cloud.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isZero();
    assertThat(bed.cloud.requests(Actions.ASSIGN_PRIVATE_IP_ADDRESSES)).isZero();
  }

  @Test
  void agentReportsAndOperatorWritesNeverClobberEachOther() {
    bed.startOperator("op-1", RESYNC, false);
    VipPair pair = readyPair(0);

    // every report flips b's config error, so every report makes the operator write its conditions
    for (int round = 0; round < 20; round++) {
      String error = round % 2 == 0 ? "round " + round + ": bad config" : null;
      bed.agents.patchReport(pair, member("b", 0), "{\"configError\":" + (error == null ? "null" : "\"" + error + "\"")
          + ",\"configHash\":\"h" + round + "\"}");
      bed.agents.patchReport(pair, member("a", 0), "{\"configHash\":\"h" + round + "\"}");
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> "True".equals(condition(0, Conditions.CONFIG_APPLIED)));
    VipPair last = bed.get(0);
    assertThat(last.getStatus().getAgents().get(member("a", 0)).getConfigHash()).isEqualTo("h19");
    assertThat(last.getStatus().getAgents().get(member("b", 0)).getConfigHash()).isEqualTo("h19");
    assertThat(last.getStatus().getAgents().get(member("b", 0)).getConfigError()).isNull();
    assertThat(last.getStatus().getAgents().get(member("a", 0)).getRole()).isEqualTo(VrrpRole.MASTER);
    assertThat(last.getStatus().getCloudOwner()).isEqualTo(member("a", 0));
    assertThat(last.getStatus().getConditions()).extracting(c -> c.getType()).containsAll(Conditions.ALL);
  }

  private String condition(int i, String type) {
    VipPair p = bed.get(i);
    var c = p == null || p.getStatus() == null ? null : p.getStatus().condition(type);
    return c == null ? "" : c.getStatus();
  }

  private String reason(int i, String type) {
    VipPair p = bed.get(i);
    var c = p == null || p.getStatus() == null ? null : p.getStatus().condition(type);
    return c == null ? "" : c.getReason();
  }

  private long events(String reason) {
    return bed.client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).count();
  }
}
