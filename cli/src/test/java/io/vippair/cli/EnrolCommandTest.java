package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.mockapi.MockApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vippair enrol against the mock API server (which answers TokenRequests; it checks no RBAC and no tokens). */
class EnrolCommandTest {
  static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBmockcluster\n-----END CERTIFICATE-----\n";

  MockApiServer api;
  KubernetesClient k;
  Map<String, String> env;
  @TempDir
  Path dir;

  @BeforeEach
  void cluster() throws IOException {
    api = MockApiServer.start();
    k = api.client();
    for (String ns : List.of("vippair-agents", "vippair-system", "db", "web", "cache")) {
      k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    k.configMaps().inNamespace("vippair-agents").resource(new ConfigMapBuilder().withNewMetadata().withName("kube-root-ca.crt")
        .endMetadata().addToData("ca.crt", CA).build()).create();
    env = Map.of("KUBECONFIG", api.writeKubeconfig(dir.resolve("admin.kubeconfig")).toString(), "HOME", "/nonexistent");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private Path vms(String yaml) throws IOException {
    return Files.writeString(dir.resolve("vms.yaml"), yaml);
  }

  private Run enrol(Path file, String... more) {
    List<String> args = new ArrayList<>(List.of("enrol", "--file", file.toString(), "--server", "https://10.0.0.5:6443",
        "--out", dir.resolve("out").toString()));
    args.addAll(List.of(more));
    return Run.of(env, args);
  }

  private Map<String, Object> kubeconfig(String member) throws IOException {
    return new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(dir.resolve("out").resolve(member + ".kubeconfig").toFile(),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
  }

  @SuppressWarnings("unchecked")
  private static String at(Map<String, Object> kubeconfig, String list, String field) {
    var entry = (Map<String, Object>) ((List<Map<String, Object>>) kubeconfig.get(list)).get(0);
    return String.valueOf(((Map<String, Object>) entry.get(list.equals("clusters") ? "cluster" : "user")).get(field));
  }

  @Test
  void enrolsEveryVmOfTheFileWithItsBindingsAnExpiringTokenAndAKubeconfigForTheGivenServer() throws IOException {
    Path file = vms("""
        # the fleet
        vms:
        - {member: cvm-a, namespaces: [db], address: 10.0.1.17}
        - {member: cvm-b, namespaces: [db, web]}
        - member: cvm-c
          namespaces: all
        """);
    Run r = enrol(file, "--token-ttl", "48h");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("cvm-a: namespaces db, token until", "cvm-c: all namespaces", "enrolled 3 VMs");

    assertThat(k.serviceAccounts().inNamespace("vippair-agents").withName("agent-cvm-b").get()).isNotNull();
    assertThat(k.rbac().roleBindings().inNamespace("web").withName("vippair-agent-cvm-b").get().getRoleRef().getName())
        .isEqualTo("vippair-agent");
    assertThat(k.rbac().roleBindings().inNamespace("web").withName("vippair-agent-cvm-a").get()).as("cvm-a is not in web").isNull();
    assertThat(k.rbac().clusterRoleBindings().withName("vippair-agent-cvm-a").get()).isNull();
    assertThat(k.rbac().clusterRoleBindings().withName("vippair-agent-cvm-c").get()).isNotNull();
    var leaseRole = k.rbac().roles().inNamespace("vippair-system").withName("vippair-agent-cvm-a").get();
    assertThat(leaseRole.getRules().get(0).getResourceNames()).containsExactly("vippair-agent-cvm-a");
    assertThat(k.secrets().inNamespace("vippair-agents").list().getItems()).as("no long-lived token Secret").isEmpty();
    assertThat(api.requests()).anyMatch(q -> q.equals("POST /api/v1/namespaces/vippair-agents/serviceaccounts/agent-cvm-c/token"));

    Path kc = dir.resolve("out/cvm-a.kubeconfig");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kc))).isEqualTo("rw-------");
    var a = kubeconfig("cvm-a");
    assertThat(at(a, "clusters", "server")).isEqualTo("https://10.0.0.5:6443");
    assertThat(new String(Base64.getDecoder().decode(at(a, "clusters", "certificate-authority-data")))).isEqualTo(CA);
    assertThat(at(a, "users", "token")).startsWith("mock-token-vippair-agents-agent-cvm-a-");
    assertThat(Files.readString(kc)).doesNotContain("10.0.1.17");

    List<String> tsv = Files.readAllLines(dir.resolve("out/enrolment.tsv"));
    assertThat(tsv).hasSize(4);
    assertThat(tsv.get(1)).startsWith("cvm-a\t10.0.1.17\tdb\t");
    Instant expires = Instant.parse(tsv.get(1).split("\t")[3]);
    assertThat(expires).as("the token lasts --token-ttl").isBetween(Instant.now().plusSeconds(47 * 3600), Instant.now().plusSeconds(49 * 3600));
    assertThat(r.out() + r.err()).as("no token in the output").doesNotContain("mock-token");
  }

  @Test
  void aSecondRunRenewsTokensAndFollowsTheFileWithoutDuplicatingAnything() throws IOException {
    k.secrets().inNamespace("vippair-agents").resource(new SecretBuilder().withNewMetadata().withName("agent-cvm-a-token")
        .endMetadata().withType("kubernetes.io/service-account-token").build()).create();
    Path file = vms("- {member: cvm-a, namespaces: [db, web]}\n- {member: cvm-b, namespaces: all}\n");
    assertThat(enrol(file).status()).isZero();
    String firstToken = at(kubeconfig("cvm-a"), "users", "token");

    vms("- {member: cvm-a, namespaces: [db]}\n- {member: cvm-b, namespaces: [cache]}\n");
    Run again = enrol(file);
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.out()).contains("cvm-a: namespaces db (unbound from web)", "cvm-b: namespaces cache (unbound from cluster-wide)",
        "long-lived token Secret vippair-agents/agent-cvm-a-token still works");
    assertThat(at(kubeconfig("cvm-a"), "users", "token")).as("rotated").isNotEqualTo(firstToken);
    assertThat(k.rbac().roleBindings().inNamespace("web").withName("vippair-agent-cvm-a").get()).isNull();
    assertThat(k.rbac().clusterRoleBindings().withName("vippair-agent-cvm-b").get()).isNull();
    assertThat(k.rbac().roleBindings().inAnyNamespace().withLabel("vippair.io/agent").list().getItems())
        .extracting(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())
        .containsExactlyInAnyOrder("db/vippair-agent-cvm-a", "vippair-system/vippair-agent-cvm-a",
            "cache/vippair-agent-cvm-b", "vippair-system/vippair-agent-cvm-b");
    assertThat(k.serviceAccounts().inNamespace("vippair-agents").list().getItems()).hasSize(2);
  }

  @Test
  void aBadFileNamesEachLineFieldAndFixAndChangesNothing() throws IOException {
    Path file = vms("""
        vms:
        - {member: cvm-a, namespaces: [db]}
        - {member: CVM_B, namespaces: [db]}
        - {member: cvm-c}
        - {member: cvm-d, namespaces: [db, db], adress: 10.0.1.9}
        - {member: cvm-a, namespaces: [web], address: 10.0.1.300}
        - {member: cvm-e, namespaces: [vippair-system]}
        """);
    int before = api.requests().size();
    Run r = enrol(file);
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).anyMatch(l -> l.contains("line 3: member 'CVM_B' is not a DNS label"))
        .anyMatch(l -> l.contains("line 4: namespaces is missing: add namespaces:"))
        .anyMatch(l -> l.contains("line 5: namespaces: db is listed twice"))
        .anyMatch(l -> l.contains("line 5: unknown field 'adress': a VM has member, namespaces and address"))
        .anyMatch(l -> l.contains("line 6: address '10.0.1.300' is not an IPv4 address"))
        .anyMatch(l -> l.contains("line 6: member cvm-a is also on line 2"))
        .anyMatch(l -> l.contains("line 7: namespaces: vippair-system holds the agents' identities"))
        .anyMatch(l -> l.contains("nothing enrolled: fix the 7 problems above"));
    assertThat(api.requests().size()).as("the cluster was not even asked").isEqualTo(before);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aNamespaceMissingInTheClusterStopsEnrolmentBeforeAnyChange() throws IOException {
    Run r = enrol(vms("- {member: cvm-a, namespaces: [db]}\n- {member: cvm-b, namespaces: [dbb]}\n"));
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("line 2: namespaces: dbb does not exist in the cluster");
    assertThat(k.serviceAccounts().inNamespace("vippair-agents").list().getItems()).isEmpty();
  }

  @Test
  void flagsAreCheckedAndTheCaCanBeGiven() throws IOException {
    Path file = vms("- {member: cvm-a, namespaces: [db]}\n");
    assertThat(Run.of(env, "enrol", "--file", file.toString(), "--server", "http://10.0.0.5:6443").err())
        .contains("--server http://10.0.0.5:6443 is not an https:// address: give the API server's address as the VMs reach it");
    assertThat(enrol(file, "--token-ttl", "5m").err()).contains("--token-ttl 5m is out of range: give 10m to 365d");
    assertThat(enrol(file, "--token-ttl", "a month").err()).contains("is not a duration");
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA.replace("mockcluster", "given"));
    Run r = enrol(file, "--certificate-authority", ca.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(new String(Base64.getDecoder().decode(at(kubeconfig("cvm-a"), "clusters", "certificate-authority-data"))))
        .contains("MIIBgiven");
  }

  @Test
  void dryRunPrintsTheObjectsAndNeedsNoCluster() throws IOException {
    Path file = vms("- {member: cvm-a, namespaces: [db, web]}\n");
    Run r = Run.of(Map.of("HOME", "/nonexistent"), "enrol", "--file", file.toString(), "--server", "https://10.0.0.5:6443", "--dry-run");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("kind: \"ServiceAccount\"", "name: \"agent-cvm-a\"", "namespace: \"web\"", "kind: \"ClusterRole\"");
    assertThat(r.err()).contains("cvm-a: would request a token for 720h and write enrolled/cvm-a.kubeconfig", "dry run: 1 VM checked, nothing changed");
  }

  /** 300 VMs, the fleet of issue #13: measured, printed for docs/performance.md. */
  @Test
  void enrolsAFleetOf300Vms() throws IOException {
    StringBuilder yaml = new StringBuilder("vms:\n");
    for (int i = 0; i < 300; i++) {
      yaml.append("- {member: cvm-").append(i).append(", namespaces: [").append(i % 2 == 0 ? "db" : "db, web").append("]}\n");
    }
    Path file = vms(yaml.toString());
    long start = System.nanoTime();
    Run r = enrol(file);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("enrolled 300 VMs");
    assertThat(dir.resolve("out").toFile().list((d, n) -> n.endsWith(".kubeconfig"))).hasSize(300);
    System.out.println("enrolled 300 VMs against the mock API server in " + millis + " ms");
    long rerun = System.nanoTime();
    assertThat(enrol(file).status()).isZero();
    System.out.println("re-enrolled (token rotation) 300 VMs in " + (System.nanoTime() - rerun) / 1_000_000 + " ms");
  }
}
