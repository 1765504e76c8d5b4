package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vippair.api.v1alpha1.ApiServerValidation;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vippair import on the seed how-to's files (test resources written from the reference's facts)
 * and on edge cases: several instances per VM, a service check, a missing peer, auth_pass, an
 * ambiguous pairing, bad flags.
 */
class ImportCommandTest {
  static final ApiServerValidation API_SERVER = ApiServerValidation.ofShippedCrd();

  static Path resource(String name) {
    try {
      return Path.of(ImportCommandTest.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The documents on stdout by metadata.name; each must pass the API server's checks. */
  static Map<String, JsonNode> pairs(Run r) throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(r.out())) {
      while (it.hasNextValue()) {
        JsonNode d = it.nextValue();
        assertThat(API_SERVER.validateCreate(d)).as(d.toString()).isEmpty();
        byName.put(d.at("/metadata/name").asText(), d);
      }
    }
    return byName;
  }

  @Test
  void theSeedsEqualModeBecomesAnEqualPairWithTheEnisOfVipPy() throws IOException {
    Run r = Run.of(Map.of(), "import", resource("seed/equal").toString(), "-n", "db");
    Files.createDirectories(Path.of("target", "cli-examples"));
    Files.writeString(Path.of("target", "cli-examples", "import-seed-equal.txt"), r.out() + "--- stderr ---\n" + r.err());
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode p = pairs(r).get("vip-10-0-1-100");
    assertThat(p.at("/metadata/namespace").asText()).isEqualTo("db");
    assertThat(p.at("/spec/cloud/region").asText()).isEqualTo("ap-beijing");
    assertThat(p.at("/spec/cloud/vpcId").asText()).isEqualTo("vpc-1yxuk010");
    assertThat(p.at("/spec/failover/policy").asText()).isEqualTo("Equal");
    assertThat(p.at("/spec/vrrp/virtualRouterId").asInt()).isEqualTo(51);
    assertThat(p.at("/spec/vrrp/advertIntervalMillis").asInt()).isEqualTo(1000);
    assertThat(p.at("/spec/healthCheck").isMissingNode()).as("check_self.sh is the VIP self-check, not a service check").isTrue();
    assertThat(p.at("/spec/members/0/name").asText()).isEqualTo("cvm-a");
    assertThat(p.at("/spec/members/0/networkInterfaceId").asText()).isEqualTo("eni-pvsvph0u");
    assertThat(p.at("/spec/members/0/privateIp").asText()).isEqualTo("10.0.1.17");
    assertThat(p.at("/spec/members/1/networkInterfaceId").asText()).isEqualTo("eni-qnxioxyi");
    assertThat(p.at("/spec/members/1/interface").asText()).isEqualTo("eth0");
    // secrets are never copied, and it says so, in the YAML and on stderr
    assertThat(r.out() + r.err()).doesNotContain("s3cr3tPW").doesNotContain("NotARealKeyButStillASecret");
    assertThat(r.out()).contains("# not copied: authentication (auth_type PASS, auth_pass)");
    assertThat(r.errLines()).contains("  not copied: the secretKey in cvm-a's vip.py; only the operator holds cloud credentials now:"
        + " delete vip.py after the cut-over and rotate that key");
    assertThat(r.errLines()).anyMatch(l -> l.startsWith("  not mapped: track_script chk_vip_self (/etc/keepalived/check_self.sh)"));
    assertThat(r.errLines()).last().isEqualTo("imported 1 pair from 2 VMs");
  }

  @Test
  void theSeedsStandingMasterModeBecomesPreferred() throws IOException {
    Run r = Run.of(Map.of(), "import", resource("seed/preferred/cvm-a").toString(), resource("seed/preferred/cvm-b/keepalived.conf").toString());
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode p = pairs(r).get("vip-10-0-1-100");
    assertThat(p.at("/spec/failover/policy").asText()).isEqualTo("Preferred");
    assertThat(p.at("/spec/failover/preferredMember").asText()).isEqualTo("cvm-a");
    assertThat(p.at("/spec/failover/preemptDelaySeconds").asInt()).isZero();
    assertThat(r.err()).contains("has nopreempt with state MASTER; keepalived ignores nopreempt then and preempts");
  }

  @Test
  void aFleetDirectoryPairsSeveralInstancesPerVmAndKeepsAPairWhosePeerIsMissing(@TempDir Path out) throws IOException {
    Run r = Run.of(Map.of(), "import", resource("fleet").toString(), "--out", out.toString(), "-n", "shop");
    assertThat(r.status()).as("placeholders stand in for the ENIs: exit 1").isEqualTo(1);
    assertThat(out.resolve("shop-vip-10-0-2-100.yaml")).exists();
    Map<String, JsonNode> written = new LinkedHashMap<>();
    for (String f : List.of("shop-vip-10-0-2-100.yaml", "shop-vip-10-0-2-101.yaml", "shop-vip-10-0-2-120.yaml")) {
      String text = Files.readString(out.resolve(f));
      assertThat(text).doesNotContain("hunter22");
      JsonNode d = new YAMLMapper().readTree(text);
      assertThat(API_SERVER.validateCreate(d)).as(f).isEmpty();
      written.put(f, d);
    }
    JsonNode web = written.get("shop-vip-10-0-2-101.yaml");
    assertThat(web.at("/spec/failover/policy").asText()).isEqualTo("Preferred");
    assertThat(web.at("/spec/failover/preferredMember").asText()).isEqualTo("db-1");
    assertThat(web.at("/spec/failover/preemptDelaySeconds").asInt()).isEqualTo(15);
    assertThat(web.at("/spec/vrrp/advertIntervalMillis").asInt()).isEqualTo(500);
    JsonNode db = written.get("shop-vip-10-0-2-100.yaml");
    assertThat(db.at("/spec/failover/policy").asText()).isEqualTo("Equal");
    assertThat(db.at("/spec/healthCheck/local").asText()).isEqualTo("chk-nginx");
    assertThat(db.at("/spec/healthCheck/fall").asInt()).isEqualTo(3);
    assertThat(db.at("/spec/members/0/networkInterfaceId").asText()).isEqualTo("eni-xxxxxxx1");
    JsonNode lone = written.get("shop-vip-10-0-2-120.yaml");
    assertThat(lone.at("/spec/members/1/name").asText()).isEqualTo("vm-10-0-2-14");
    assertThat(lone.at("/spec/members/1/privateIp").asText()).isEqualTo("10.0.2.14");
    assertThat(Files.readString(out.resolve("shop-vip-10-0-2-120.yaml")))
        .contains("networkInterfaceId: eni-xxxxxxx2   # could not map vm-10-0-2-14's ENI: no vip.py names it and no --cloud-endpoint given")
        .contains("# could not map the peer's own files: no keepalived.conf of 10.0.2.14 was given");
    assertThat(r.errLines()).contains("  check: healthCheck.local chk-nginx needs this in agent.yaml on both VMs:"
        + " localChecks: {chk-nginx: {exec: [/usr/bin/pgrep, -x, nginx], timeoutSeconds: 1}}");
    assertThat(r.errLines()).last().isEqualTo("imported 3 pairs from 3 VMs, 3 with placeholders to fill in");
  }

  @Test
  void threeVmsClaimingOneVipWithoutUnicastAreNotGuessed(@TempDir Path dir) throws IOException {
    for (String vm : List.of("a", "b", "c")) {
      Files.createDirectories(dir.resolve(vm));
      Files.writeString(dir.resolve(vm).resolve("keepalived.conf"), """
          vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 9
            virtual_ipaddress { 10.9.0.100 }
          }
          """);
    }
    Run r = Run.of(Map.of(), "import", dir.toString(), "--region", "ap-guangzhou", "--vpc-id", "vpc-abcdefgh");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("could not import: a VI_1 (keepalived.conf line 1): 2 VMs have an instance with virtual_router_id 9");
  }

  @Test
  void filesNotCalledKeepalivedConfNameTheirVm(@TempDir Path dir) throws IOException {
    Files.copy(resource("seed/equal/cvm-a/keepalived.conf"), dir.resolve("mysql-1.conf"));
    Files.copy(resource("seed/equal/cvm-b/keepalived.conf"), dir.resolve("mysql-2.conf"));
    Run r = Run.of(Map.of(), "import", dir.resolve("mysql-1.conf").toString(), dir.resolve("mysql-2.conf").toString(),
        "--region", "ap-beijing", "--vpc-id", "vpc-1yxuk010");
    JsonNode p = pairs(r).get("vip-10-0-1-100");
    assertThat(p.at("/spec/members/0/name").asText()).isEqualTo("mysql-1");
    assertThat(p.at("/spec/members/1/name").asText()).isEqualTo("mysql-2");
    // no vip.py beside them and no cloud: the ENIs are placeholders, said on their lines
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("networkInterfaceId: eni-xxxxxxx1   # could not map mysql-1's ENI: no vip.py names it and no --cloud-endpoint given");
  }

  @Test
  void badInputIsExitTwoWithOneLine(@TempDir Path dir) throws IOException {
    Run r = Run.of(Map.of(), "import", dir.resolve("missing").toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1).first().asString().endsWith("does not exist: give a keepalived.conf or a directory holding VMs' files");
    r = Run.of(Map.of(), "import", resource("seed/equal").toString(), "--region", "Guangzhou");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("vippair: --region Guangzhou is not a region name: give one like ap-guangzhou");
    r = Run.of(Map.of(), "import", resource("seed/equal").toString(), "--cloud-endpoint", "http://127.0.0.1:1");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--cloud-endpoint needs credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY");
    Files.writeString(dir.resolve("keepalived.conf"), "vrrp_instance VI_1 {\n  virtual_router_id 1\n");
    r = Run.of(Map.of(), "import", dir.toString());
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("vippair: cannot parse " + dir.resolve("keepalived.conf").toAbsolutePath()
        + ": line 1: '{' is never closed: fix the file (keepalived -t -f FILE checks it)");
  }
}
