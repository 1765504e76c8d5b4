package io.vippair.cli;

import static io.vippair.cli.Fixtures.condition;
import static io.vippair.cli.Fixtures.event;
import static io.vippair.cli.Fixtures.failover;
import static io.vippair.cli.Fixtures.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.MigrationKind;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.mockapi.MockApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commands against fabric8's mock API server holding three pairs in the states the operator
 * and agents leave them in: a table of command lines, the exit status and lines the output must
 * contain (in this order).
 */
class CommandsAgainstMockApiServerTest {
  static MockApiServer api;
  static Path kubeconfig;
  static Map<String, String> env;

  @BeforeAll
  static void cluster() throws IOException {
    api = MockApiServer.start();
    kubeconfig = api.writeKubeconfig(Files.createTempDirectory("vippair-cli").resolve("kubeconfig"));
    env = Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", "/nonexistent");
    KubernetesClient k = api.client();
    for (String ns : List.of("db", "web")) {
      k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    VipPair mysql = Fixtures.pair("db", "mysql-prod", "10.0.1.100", "cvm-a", "cvm-b");
    VipPairStatus s = Fixtures.status("Ready");
    s.setMaster("cvm-a");
    s.setCloudOwner("cvm-a");
    s.getAgents().put("cvm-a", report(VrrpRole.MASTER, Duration.ofMinutes(5), true));
    s.getAgents().put("cvm-b", report(VrrpRole.BACKUP, Duration.ofMinutes(5), true));
    s.setLastFailover(failover("cvm-b", "cvm-a", "GracefulHandover", 812, Duration.ofMinutes(5)));
    s.setFailovers(3L);
    s.setConditions(List.of(
        condition("Ready", "True", "VipFollowsMaster", "the VIP is on cvm-a's ENI", Duration.ofMinutes(5)),
        condition("CloudSynced", "True", "InSync", "the cloud has the VIP on cvm-a", Duration.ofMinutes(5)),
        condition("AgentsReporting", "True", "AgentsReporting", "both agents report", Duration.ofHours(3)),
        condition("ConfigApplied", "True", "ConfigApplied", "both run generation 1", Duration.ofHours(3)),
        condition("SplitBrain", "False", "NoSplitBrain", "at most one master", Duration.ofHours(3))));
    save(k, mysql, s);
    // created out of order: the timeline sorts them
    k.v1().events().resource(event(mysql, "Normal", "Failover", "moved VIP from cvm-b to cvm-a (GracefulHandover) in 812 ms", Duration.ofMinutes(5))).create();
    k.v1().events().resource(event(mysql, "Normal", "Assigned", "assigned VIP 10.0.1.100 to cvm-b", Duration.ofHours(2))).create();

    VipPair redis = Fixtures.pair("db", "redis", "10.0.1.110", "cvm-c", "cvm-d");
    s = Fixtures.status("Converging");
    s.setMaster("cvm-c");
    s.setCloudOwner("cvm-d");
    s.getAgents().put("cvm-c", report(VrrpRole.MASTER, Duration.ofSeconds(4), true));
    s.getAgents().put("cvm-d", report(VrrpRole.MASTER, Duration.ofMinutes(40), true));
    Migration m = new Migration();
    m.setKind(MigrationKind.values()[0]);
    m.setSource("cvm-d");
    m.setTarget("cvm-c");
    m.setReason("MasterSilent");
    m.setTaskId("task-1");
    m.setIssuedAt(Fixtures.ago(Duration.ofSeconds(1)));
    s.setMigration(m);
    s.setConditions(List.of(
        condition("Ready", "False", "MigrationInFlight", "moving the VIP from cvm-d to cvm-c", Duration.ofSeconds(2)),
        condition("CloudSynced", "False", "MigrationInFlight", "migrate cvm-d -> cvm-c running", Duration.ofSeconds(2)),
        condition("AgentsReporting", "False", "AgentSilent", "cvm-d: Lease vippair-agent-cvm-d not renewed for 40s", Duration.ofSeconds(40)),
        condition("SplitBrain", "False", "NoSplitBrain", "cvm-d did not answer the probe: taken for dead", Duration.ofSeconds(2))));
    save(k, redis, s);

    VipPair nginx = Fixtures.pair("web", "nginx", "10.0.1.120", "web-1", "web-2");
    s = Fixtures.status("Error");
    s.setConditions(List.of(
        condition("Ready", "False", "EniNotInVpc", "member web-1: ENI eni-web10000 is in vpc-other000, not vpc-1yxuk010", Duration.ofMinutes(1))));
    save(k, nginx, s);

    VipPair split = Fixtures.pair("web", "haproxy", "10.0.1.130", "lb-1", "lb-2");
    s = Fixtures.status("SplitBrain");
    s.setCloudOwner("lb-1");
    s.getAgents().put("lb-1", report(VrrpRole.MASTER, Duration.ofMinutes(2), true));
    AgentReport fenced = report(VrrpRole.FAULT, Duration.ofMinutes(1), true);
    fenced.setFenced(true);
    s.getAgents().put("lb-2", fenced);
    Fence f = new Fence();
    f.setMember("lb-2");
    f.setReason("SplitBrain");
    f.setSince(Fixtures.ago(Duration.ofMinutes(1)));
    s.setFence(f);
    s.setConditions(List.of(
        condition("Ready", "False", "BothMaster", "both lb-1 and lb-2 claim MASTER and answer probes", Duration.ofMinutes(2)),
        condition("CloudSynced", "True", "Held", "the VIP stays on lb-1 during the split brain", Duration.ofMinutes(2)),
        condition("SplitBrain", "True", "BothMaster", "both lb-1 and lb-2 claim MASTER and answer probes", Duration.ofMinutes(2))));
    save(k, split, s);

    VipPair varnish = Fixtures.pair("web", "varnish", "10.0.1.140", "web-3", "web-4");
    s = Fixtures.status("Degraded");
    s.setMaster("web-3");
    s.setCloudOwner("web-3");
    s.getAgents().put("web-3", report(VrrpRole.MASTER, Duration.ofHours(1), true));
    AgentReport failing = report(VrrpRole.FAULT, Duration.ofMinutes(7), false);
    failing.setHealthMessage("tcp 10.0.1.142:6081: connection refused");
    s.getAgents().put("web-4", failing);
    s.setConditions(List.of(
        condition("Ready", "False", "RedundancyLost", "web-4 cannot take over: it reports FAULT (tcp 10.0.1.142:6081: connection refused)", Duration.ofMinutes(7)),
        condition("CloudSynced", "True", "InSync", "the cloud has the VIP on web-3", Duration.ofHours(1))));
    save(k, varnish, s);
  }

  private static void save(KubernetesClient k, VipPair pair, VipPairStatus status) {
    VipPair created = k.resource(pair).create();
    created.setStatus(status);
    k.resource(created).updateStatus();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static Stream<Arguments> commands() {
    return Stream.of(
        // the fleet table: redundancy names the member and what it lacks
        Arguments.of("status -n db", 0, List.of(
            "PAIR         VIP          MASTER   CLOUD-OWNER   PHASE        REDUNDANT            LAST-FAILOVER         TOOK",
            "mysql-prod   10.0.1.100   cvm-a    cvm-a         Ready        yes                  cvm-b->cvm-a 5m ago   812ms",
            "redis        10.0.1.110   cvm-c    cvm-d         Converging   NO (cvm-d: silent)   never                 -")),
        Arguments.of("status -A", 0, List.of(
            "NAMESPACE   PAIR",
            "db          mysql-prod",
            "db          redis",
            "web         haproxy      10.0.1.130   -        lb-1          SplitBrain   NO (lb-2: fenced)",
            "web         nginx        10.0.1.120   -        -             Error        NO (web-1: never reported, web-2: never reported)",
            "web         varnish      10.0.1.140   web-3    web-3         Degraded     NO (web-4: unhealthy)")),
        Arguments.of("status", 0, List.of("No VipPairs in namespace default.")),
        // one pair: members, conditions, and the events oldest first
        Arguments.of("status db/mysql-prod", 0, List.of(
            "Pair:        db/mysql-prod",
            "VIP:         10.0.1.100 in vpc-1yxuk010 (ap-guangzhou)",
            "Policy:      Equal",
            "Redundant:   yes",
            "Failovers:   3   last: cvm-b -> cvm-a, GracefulHandover, took 812ms, 5m ago",
            "Members:",
            "  cvm-a    10.0.1.101   eni-cvma0000   MASTER   5m ago   true      false    1            3s ago     0.1.0   2.2.7",
            "Conditions:",
            "  Ready             True     VipFollowsMaster   5m ago   the VIP is on cvm-a's ENI",
            "  SplitBrain        False    NoSplitBrain       3h ago   at most one master",
            "Events (oldest first):",
            "  2026-12-04 19:00:00Z   2h    Normal   Assigned   vippair-operator   assigned VIP 10.0.1.100 to cvm-b",
            "  2026-12-04 20:55:00Z   5m    Normal   Failover   vippair-operator   moved VIP from cvm-b to cvm-a (GracefulHandover) in 812 ms")),
        Arguments.of("status redis -n db", 0, List.of(
            "Redundant:   NO (cvm-d: silent)",
            "In flight:   Migrate cvm-d -> cvm-c (MasterSilent, issued 1s ago, task task-1)")),
        // why: the decision, the reasons with their rules, the rules' text from docs/operator-decision.md
        Arguments.of("why db/mysql-prod", 0, List.of(
            "db/mysql-prod: phase Ready",
            "Decision: nothing to do: the VIP is on the master's ENI (cvm-a)",
            "  Ready=True VipFollowsMaster (rule 18): the VIP is on cvm-a's ENI",
            "Last failover: cvm-b -> cvm-a, GracefulHandover (rule 19), took 812ms, 5m ago",
            "Last event: Normal Failover 5m ago: moved VIP from cvm-b to cvm-a (GracefulHandover) in 812 ms (rule 6)",
            "  18. The master holds the VIP")),
        Arguments.of("why db/redis", 0, List.of(
            "Decision: wait: a cloud change is in flight (Migrate cvm-d -> cvm-c, MasterSilent); nothing else starts until the cloud confirms it",
            "  AgentsReporting=False AgentSilent: cvm-d: Lease vippair-agent-cvm-d not renewed for 40s",
            "  7. A change is in flight and still running")),
        Arguments.of("why web/nginx", 0, List.of(
            "Decision: no cloud change until a person acts (see the reasons below)",
            "  Ready=False EniNotInVpc (rule 5): member web-1: ENI eni-web10000 is in vpc-other000, not vpc-1yxuk010",
            "  5. The spec has a problem the schema cannot see")),
        Arguments.of("why web/varnish", 0, List.of(
            "web/varnish: phase Degraded",
            "Decision: nothing to do in the cloud: the VIP is on the master's ENI (web-3), but the pair needs attention (below)",
            "  Ready=False RedundancyLost (rule 23): web-4 cannot take over: it reports FAULT (tcp 10.0.1.142:6081: connection refused)",
            "  CloudSynced=True InSync (rule 18): the cloud has the VIP on web-3",
            "  18. The master holds the VIP",
            "  23. The master holds the VIP, but the other member cannot take over")),
        Arguments.of("status web/varnish", 0, List.of(
            "Redundant:   NO (web-4: unhealthy)",
            "  web-4    10.0.1.142   eni-web40000   FAULT    7m ago    false     false",
            "  web-4 health: tcp 10.0.1.142:6081: connection refused")),
        Arguments.of("why -n web haproxy", 0, List.of(
            "Decision: hold: both members are alive and claim MASTER; the VIP stays on lb-1, lb-2 is fenced",
            "  CloudSynced=True Held (rule 15): the VIP stays on lb-1 during the split brain",
            "  SplitBrain=True BothMaster (rule 15)",
            "  15. The probed member answered")),
        // what is wrong is one line naming the fix
        Arguments.of("status db/nope", 2, List.of("vippair: VipPair db/nope not found at " + "URL" + ": check the name with 'vippair status -n db'")),
        Arguments.of("status --colour", 2, List.of("vippair: unknown flag --colour for 'status': run 'vippair status --help' for its flags")),
        Arguments.of("why", 2, List.of("vippair: why takes one pair: vippair why NS/NAME")),
        Arguments.of("why a/b/c", 2, List.of("vippair: 'a/b/c' is not a VipPair name: give NAMESPACE/NAME or NAME (lower-case letters, digits, '-')")),
        Arguments.of("status --context nosuch", 2, List.of("vippair: context 'nosuch' is not in the kubeconfig KUBECONFIG (it has [vippair-mock]): pick one of those with --context")),
        Arguments.of("status --kubeconfig /nonexistent/kc", 2, List.of("vippair: cannot read the kubeconfig /nonexistent/kc (NoSuchFileException): pass --kubeconfig PATH or set KUBECONFIG")),
        Arguments.of("frobnicate", 2, List.of("vippair: unknown command 'frobnicate': use status, why, pause, resume, switchover, validate, import, enrol or heartbeat-key (vippair --help)")),
        Arguments.of("switchover db/mysql-prod --to cvm-z", 2, List.of("vippair: --to cvm-z is not a member of db/mysql-prod: give one of cvm-a, cvm-b")),
        Arguments.of("switchover web/nginx", 2, List.of("vippair: web/nginx reports no master now, so the target cannot be chosen for you: name it with --to MEMBER (web-1 or web-2)")),
        Arguments.of("switchover db/mysql-prod --timeout 5x", 2, List.of("vippair: --timeout 5x is not a duration: give one like 30s, 2m or 500ms")),
        Arguments.of("switchover", 2, List.of("vippair: switchover takes one pair: vippair switchover NS/NAME [--to MEMBER] [--make-before-break] [--wait] [--timeout D]")),
        Arguments.of("switchover db/nope", 2, List.of("vippair: VipPair db/nope not found at URL: check the name with 'vippair status -n db'")),
        Arguments.of("pause db/nope", 2, List.of("vippair: VipPair db/nope not found at URL: check the name with 'vippair status -n db'")),
        Arguments.of("pause", 2, List.of("vippair: pause takes one pair: vippair pause NS/NAME")),
        Arguments.of("resume --reason x db/mysql-prod", 2, List.of("vippair: unknown flag --reason for 'resume'")));
  }

  @org.junit.jupiter.api.Test
  void pauseAndResumeSetOnlyThePauseFieldsOfTheSpec() {
    KubernetesClient k = api.client();
    var before = k.resources(VipPair.class).inNamespace("db").withName("redis").get();
    Run r = Run.of(env, "pause", "db/redis", "--reason", "kernel patch on cvm-c");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("VipPair db/redis paused (kernel patch on cvm-c): the operator makes no cloud change");
    var paused = k.resources(VipPair.class).inNamespace("db").withName("redis").get();
    assertThat(paused.getSpec().getPaused()).isTrue();
    assertThat(paused.getSpec().getPauseReason()).isEqualTo("kernel patch on cvm-c");
    assertThat(Serialization.asJson(paused.getSpec().getVip())).isEqualTo(Serialization.asJson(before.getSpec().getVip()));
    assertThat(Serialization.asJson(paused.getSpec().getMembers())).isEqualTo(Serialization.asJson(before.getSpec().getMembers()));

    r = Run.of(env, "resume", "-n", "db", "redis");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("VipPair db/redis resumed: the operator acts on its current state now");
    var resumed = k.resources(VipPair.class).inNamespace("db").withName("redis").get();
    assertThat(resumed.getSpec().getPaused()).isFalse();
    assertThat(resumed.getSpec().getPauseReason()).isNull();
  }

  @org.junit.jupiter.api.Test
  void withoutKubeconfigOrKUBECONFIGItReadsHomeDotKubeConfig(@org.junit.jupiter.api.io.TempDir Path home) throws IOException {
    Files.createDirectories(home.resolve(".kube"));
    Files.copy(kubeconfig, home.resolve(".kube/config"));
    Run r = Run.of(Map.of("HOME", home.toString()), "status", "-n", "db");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("mysql-prod   10.0.1.100");
    // --kubeconfig wins over KUBECONFIG
    r = Run.of(Map.of("KUBECONFIG", "/nonexistent/kc", "HOME", home.toString()), "status", "-n", "db",
        "--kubeconfig=" + home.resolve(".kube/config"));
    assertThat(r.status()).as(r.err()).isZero();
  }

  @org.junit.jupiter.api.Test
  void aClusterThatCannotBeReachedIsOneLineNamingItsUrl(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path kc = Files.writeString(dir.resolve("kc"), Files.readString(kubeconfig).replace(api.url(), "http://127.0.0.1:1"));
    long start = System.nanoTime();
    Run r = Run.of(Map.of("KUBECONFIG", kc.toString()), "status", "-A");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1).first().asString()
        .startsWith("vippair: cannot list VipPairs at http://127.0.0.1:1: ")
        .endsWith(": check the cluster's address in the kubeconfig (--kubeconfig, --context) and your network path to it");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @ParameterizedTest(name = "vippair {0}")
  @MethodSource("commands")
  void command(String line, int status, List<String> expected) throws IOException {
    Run r = Run.of(env, List.of(line.split(" ")));
    // docs/cli.md quotes these
    Path examples = Files.createDirectories(Path.of("target", "cli-examples"));
    Files.writeString(examples.resolve(line.replaceAll("[^a-z0-9-]+", "_") + ".txt"),
        "$ vippair " + line + "\n" + r.out() + r.err() + "(exit " + r.status() + ")\n");
    assertThat(r.status()).as("exit status of 'vippair %s'%nstdout:%n%s%nstderr:%n%s", line, r.out(), r.err()).isEqualTo(status);
    List<String> lines = (status == 0 ? r.out() : r.err()).replace(api.url(), "URL").replace(kubeconfig.toString(), "KUBECONFIG").lines().toList();
    int from = 0;
    for (String want : expected) {
      int at = -1;
      for (int i = from; i < lines.size(); i++) {
        if (lines.get(i).startsWith(want)) {
          at = i;
          break;
        }
      }
      assertThat(at).as("'vippair %s' prints a line starting with%n  %s%nafter line %d of:%n%s", line, want, from,
          String.join("\n", lines)).isGreaterThanOrEqualTo(0);
      from = at + 1;
    }
  }
}
