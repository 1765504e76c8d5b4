package io.vippair.cli.imports;

import io.vippair.api.v1alpha1.Patterns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the two keepalived instances of a pair to a VipPair: members from unicast_src_ip,
 * interface and the ENIs (the cloud's answer, else vip.py's), the policy from priority,
 * nopreempt and preempt_delay (Equal vs Preferred), VRRP from virtual_router_id and advert_int,
 * a service check from track_script ({@link HealthCheckMapping}). What it cannot map it says, and why.
 */
public final class PairMapper {
  static final String PLACEHOLDER_REGION = "ap-xxxxxxxx";
  static final String PLACEHOLDER_VPC = "vpc-xxxxxxxx";
  static final String[] PLACEHOLDER_ENI = {"eni-xxxxxxx1", "eni-xxxxxxx2"};

  /** What the command line adds: the namespace, overrides, and the cloud (null: none). */
  public record Options(String namespace, String region, String vpcId, EniLookup cloud) {}

  private record MemberFacts(String name, String ip, String iface, String eni, String eniNote, String instanceId) {}

  private final Options options;
  private final List<String> notes = new ArrayList<>();

  private PairMapper(Options options) {
    this.options = options;
  }

  /** The pair's YAML and notes; IllegalArgumentException when it cannot be written at all (names why). */
  public static ImportedPair map(Pairing.Match match, Options options) {
    return new PairMapper(options).build(match);
  }

  private ImportedPair build(Pairing.Match m) {
    VrrpInstance a = m.a();
    VrrpInstance b = m.b();
    SeedVm vmA = m.vmA();
    SeedVm vmB = m.vmB();
    String vip = a.vips().get(0);
    if (a.vips().size() > 1) {
      notes.add("not mapped: VIPs " + a.vips().subList(1, a.vips().size()) + " of " + a.where()
          + ": a VipPair has one VIP; this one carries " + vip);
    }
    crossCheckVip(vip, vmA);
    crossCheckVip(vip, vmB);

    String region = options.region() != null ? options.region() : regionFromFiles(vmA, vmB);
    String vpcId = options.vpcId() != null ? options.vpcId() : first(vipPy(vmA, VipPySettings::vpcId), vipPy(vmB, VipPySettings::vpcId));

    String ipA = first(a.unicastSrcIp(), vmA.vipPy() == null ? null : vmA.vipPy().ip());
    if (ipA == null) {
      throw new IllegalArgumentException(a.where() + ": could not map the member's private IP: no unicast_src_ip and no vip.py naming it");
    }
    String ipB;
    if (b != null) {
      ipB = first(b.unicastSrcIp(), vmB.vipPy() == null ? null : vmB.vipPy().ip());
      if (ipB == null) {
        throw new IllegalArgumentException(b.where() + ": could not map the member's private IP: no unicast_src_ip and no vip.py naming it");
      }
    } else if (a.unicastPeers().size() == 1) {
      ipB = a.unicastPeers().get(0);
      notes.add("could not map the peer's own files: no keepalived.conf of " + ipB + " was given (" + a.where()
          + " names it in unicast_peer); its member name, interface and priority are assumed: check them");
    } else {
      throw new IllegalArgumentException(a.where() + ": no VM with the same virtual_router_id " + a.virtualRouterId()
          + " and VIP " + vip + " was given and unicast_peer does not name exactly one peer: pass the peer's files too");
    }

    String nameA = memberName(vmA.name(), ipA);
    String nameB = b != null ? memberName(vmB.name(), ipB) : memberName(null, ipB);
    if (nameA.equals(nameB)) {
      nameB = nameB.length() > 60 ? nameB.substring(0, 60) + "-2" : nameB + "-2";
    }
    String ifA = interfaceOf(a, vmA, nameA);
    String ifB = b != null ? interfaceOf(b, vmB, nameB) : ifA;
    if (b == null) {
      notes.add("could not map " + nameB + "'s interface: assumed " + ifA + " like " + nameA + "'s");
    }

    MemberFacts mA = member(nameA, ipA, ifA, 0, region, vpcId, own(vmA), peerOf(vmB));
    MemberFacts mB = member(nameB, ipB, ifB, 1, region, vpcId, own(vmB), peerOf(vmA));
    if (vpcId == null) {
      vpcId = cloudVpc;
    }
    checkVipInCloud(vip, region, vpcId, mA, mB);

    String regionNote = null;
    if (region == null) {
      region = PLACEHOLDER_REGION;
      regionNote = "could not map the region: vip.py gives none (or an unknown code); pass --region";
      notes.add(regionNote);
    }
    String vpcNote = null;
    if (vpcId == null || !vpcId.matches(Patterns.VPC_ID)) {
      vpcNote = "could not map the VPC: " + (vpcId == null ? "vip.py gives no vpcId and no cloud was asked" : "'" + vpcId + "' is not a VPC id")
          + "; pass --vpc-id";
      vpcId = PLACEHOLDER_VPC;
      notes.add(vpcNote);
    }

    Policy policy = policy(a, b, nameA, nameB);
    int advert = advertMillis(a, b);
    authentication(a, b);
    HealthCheckMapping.Check check = HealthCheckMapping.map(a, vmA, b, vmB, notes);
    dropped(a, b);
    secrets(vmA);
    secrets(vmB);

    String name = "vip-" + vip.replace('.', '-');
    YamlLines y = new YamlLines();
    y.comment("Imported by 'vippair import' from " + a.where() + (b == null ? "" : " and " + b.where()) + ".");
    notes.forEach(n -> y.comment(n));
    y.field(0, "apiVersion", "vippair.io/v1alpha1").field(0, "kind", "VipPair").key(0, "metadata")
        .field(1, "name", name).field(1, "namespace", options.namespace()).key(1, "annotations")
        .field(2, "vippair.io/imported-from", vmA.name() + "/" + a.name() + (b == null ? "" : ", " + vmB.name() + "/" + b.name()))
        .key(0, "spec")
        .key(1, "cloud").field(2, "region", region, regionNote).field(2, "vpcId", vpcId, vpcNote)
        .key(1, "vip").field(2, "address", vip)
        .key(1, "failover").field(2, "policy", policy.name).field(2, "preferredMember", policy.preferred)
        .field(2, "preemptDelaySeconds", policy.delay)
        .key(1, "vrrp").field(2, "virtualRouterId", a.virtualRouterId()).field(2, "advertIntervalMillis", advert);
    if (check != null) {
      y.key(1, "healthCheck").field(2, "local", check.name()).field(2, "intervalSeconds", check.interval())
          .field(2, "timeoutSeconds", check.timeout()).field(2, "fall", check.fall()).field(2, "rise", check.rise());
    }
    y.key(1, "members");
    for (MemberFacts f : List.of(mA, mB)) {
      y.field(1, "- name", f.name).field(2, "instanceId", f.instanceId).field(2, "networkInterfaceId", f.eni, f.eniNote)
          .field(2, "privateIp", f.ip).field(2, "interface", f.iface);
    }
    return new ImportedPair(options.namespace(), name, y.toString(), List.copyOf(notes));
  }

  private String cloudVpc;

  private MemberFacts member(String name, String ip, String iface, int index, String region, String vpcId,
      String fileEni, String peerFileEni) {
    String fromFiles = fileEni != null ? fileEni : peerFileEni;
    if (fileEni != null && peerFileEni != null && !fileEni.equals(peerFileEni)) {
      notes.add("check: " + name + "'s vip.py names its ENI " + fileEni + ", its peer's vip.py names " + peerFileEni + "; used " + fileEni);
    }
    String eni = null;
    String instanceId = null;
    String why = null;
    if (options.cloud() == null) {
      why = "no --cloud-endpoint given";
    } else if (region == null) {
      why = "the cloud was not asked: the region is unknown (pass --region)";
    } else {
      try {
        List<EniLookup.Eni> found = options.cloud().byPrivateIp(region, vpcId, ip).stream().filter(EniLookup.Eni::primary).toList();
        if (found.size() == 1) {
          eni = found.get(0).id();
          instanceId = found.get(0).instanceId();
          cloudVpc = cloudVpc == null ? found.get(0).vpcId() : cloudVpc;
          if (fromFiles != null && !fromFiles.equals(eni)) {
            notes.add("check: vip.py names " + fromFiles + " for " + name + " but the cloud says " + ip + " is on " + eni + "; used the cloud's");
          }
        } else {
          why = found.isEmpty() ? "the cloud has no ENI whose primary IP is " + ip + (vpcId == null ? "" : " in " + vpcId)
              : found.size() + " ENIs have primary IP " + ip + " (" + String.join(", ", found.stream().map(EniLookup.Eni::id).toList()) + ")";
        }
      } catch (EniLookup.LookupFailed e) {
        why = e.getMessage();
      }
    }
    String note = null;
    if (eni == null && fromFiles != null && fromFiles.matches(Patterns.ENI_ID)) {
      eni = fromFiles;
      note = "from vip.py" + (options.cloud() == null ? "" : " (" + why + ")");
      if (options.cloud() != null) {
        notes.add("check: " + name + "'s ENI " + eni + " is vip.py's, not confirmed by the cloud: " + why);
      }
    } else if (eni == null) {
      eni = PLACEHOLDER_ENI[index];
      note = "could not map " + name + "'s ENI: " + (fromFiles == null ? "no vip.py names it" : "vip.py's '" + fromFiles + "' is not an ENI id")
          + " and " + why;
      notes.add(note);
    }
    if (instanceId != null && !instanceId.matches(Patterns.INSTANCE_ID)) {
      instanceId = null;
    }
    return new MemberFacts(name, ip, iface, eni, note, instanceId);
  }

  private void checkVipInCloud(String vip, String region, String vpcId, MemberFacts a, MemberFacts b) {
    if (options.cloud() == null || region == null) {
      return;
    }
    try {
      List<EniLookup.Eni> holders = options.cloud().byPrivateIp(region, vpcId, vip);
      if (holders.isEmpty()) {
        notes.add("check: no ENI holds the VIP " + vip + " now; the operator will assign it to the master");
      } else if (holders.stream().noneMatch(h -> h.id().equals(a.eni) || h.id().equals(b.eni))) {
        notes.add("check: the VIP " + vip + " is on " + holders.get(0).id() + ", not a member's ENI; the operator will report"
            + " CloudConflict and not move it");
      }
    } catch (EniLookup.LookupFailed e) {
      notes.add("check: where the VIP is now is unknown: " + e.getMessage());
    }
  }

  private record Policy(String name, String preferred, Integer delay) {}

  private Policy policy(VrrpInstance a, VrrpInstance b, String nameA, String nameB) {
    for (VrrpInstance i : b == null ? List.of(a) : List.of(a, b)) {
      if (i.nopreempt() && !i.effectivelyNopreempt()) {
        notes.add("note: " + i.where() + " has nopreempt with state MASTER; keepalived ignores nopreempt then and preempts");
      }
    }
    int pa = a.priority() == null ? 100 : a.priority();
    if (b == null) {
      notes.add("could not map the policy from both priorities: the peer's keepalived.conf was not given; wrote Equal"
          + " (set Preferred if the peer's priority differs from " + pa + ")");
      return new Policy("Equal", null, null);
    }
    int pb = b.priority() == null ? 100 : b.priority();
    if (pa == pb) {
      return new Policy("Equal", null, null);
    }
    VrrpInstance high = pa > pb ? a : b;
    String highName = pa > pb ? nameA : nameB;
    if (high.effectivelyNopreempt()) {
      notes.add("note: priorities " + pa + "/" + pb + " differ but " + highName + " has nopreempt, so it never takes the VIP back: Equal");
      return new Policy("Equal", null, null);
    }
    int delay = high.preemptDelay() == null ? 0 : high.preemptDelay();
    if (delay > 1000) {
      notes.add("note: preempt_delay " + delay + " is above vippair's 1000 s limit; wrote 1000");
      delay = 1000;
    }
    if (high.preemptDelay() == null) {
      notes.add("note: keepalived preempted at once (no preempt_delay); preemptDelaySeconds: 0 keeps that, vippair's default is 30");
    }
    return new Policy("Preferred", highName, delay);
  }

  private int advertMillis(VrrpInstance a, VrrpInstance b) {
    double sa = a.advertInt() == null ? 1.0 : a.advertInt();
    double sb = b == null || b.advertInt() == null ? sa : b.advertInt();
    if (sa != sb) {
      notes.add("note: advert_int differs (" + sa + " s vs " + sb + " s); wrote the larger");
    }
    long ms = Math.round(Math.max(sa, sb) * 100) * 10;
    if (ms < 100 || ms > 10_000) {
      notes.add("note: advert_int " + Math.max(sa, sb) + " s is outside vippair's 0.1 to 10 s; wrote the nearest bound");
      ms = Math.max(100, Math.min(10_000, ms));
    }
    return (int) ms;
  }

  private void authentication(VrrpInstance a, VrrpInstance b) {
    boolean any = a.authType() != null || a.authPass() || b != null && (b.authType() != null || b.authPass());
    if (any) {
      notes.add("not copied: authentication (auth_type " + first(a.authType(), b == null ? null : b.authType())
          + (a.authPass() || b != null && b.authPass() ? ", auth_pass" : "") + "): the password is a secret and is never written;"
          + " vippair runs VRRP version 3, which has no authentication, and listens only to the unicast peer");
    }
  }

  /** What keepalived.conf sets that vippair renders itself; one note for both VMs when they agree. */
  private void dropped(VrrpInstance a, VrrpInstance b) {
    for (var part : List.<java.util.function.Function<VrrpInstance, List<String>>>of(
        i -> i.notifyScripts().isEmpty() ? List.of() : List.of("notify scripts " + i.notifyScripts().stream()
            .map(n -> n.replaceFirst("^\\S+\\s+", "").split(" ")[0]).distinct().toList()
            + ": their vip.py migrate is what the operator does now; anything else they do (promote a database) can run as"
            + " a notify hook, see docs/migrating-from-scripts.md"),
        i -> i.trackInterfaces().isEmpty() ? List.of() : List.of("track_interface " + i.trackInterfaces()
            + ": the agent renders keepalived's config itself"),
        i -> i.unmapped().isEmpty() ? List.of() : List.of(String.join(", ", i.unmapped())
            + ": the agent renders keepalived's config itself (gratuitous ARP does not move a VIP in a VPC)"))) {
      List<String> fromA = part.apply(a);
      List<String> fromB = b == null ? List.of() : part.apply(b);
      if (!fromA.isEmpty() && fromA.equals(fromB)) {
        notes.add("not mapped: " + a.vm() + "'s and " + b.vm() + "'s " + fromA.get(0));
      } else {
        fromA.forEach(n -> notes.add("not mapped: " + a.vm() + "'s " + n));
        fromB.forEach(n -> notes.add("not mapped: " + b.vm() + "'s " + n));
      }
    }
  }

  private void secrets(SeedVm vm) {
    if (vm != null && vm.vipPy() != null && vm.vipPy().holdsSecret()) {
      notes.add("not copied: the secretKey in " + vm.name() + "'s vip.py; only the operator holds cloud credentials now:"
          + " delete vip.py after the cut-over and rotate that key");
    }
  }

  private void crossCheckVip(String vip, SeedVm vm) {
    if (vm == null) {
      return;
    }
    if (vm.vipPy() != null && vm.vipPy().vip() != null && !vm.vipPy().vip().equals(vip)) {
      notes.add("check: " + vm.name() + "'s vip.py moves VIP " + vm.vipPy().vip() + " but keepalived.conf has " + vip);
    }
    if (vm.checkSelfVip() != null && !vm.checkSelfVip().equals(vip)) {
      notes.add("check: " + vm.name() + "'s check_self.sh watches VIP " + vm.checkSelfVip() + " but keepalived.conf has " + vip);
    }
  }

  private String interfaceOf(VrrpInstance i, SeedVm vm, String name) {
    String iface = first(i.iface(), vm.vipPy() == null ? null : vm.vipPy().iface());
    if (iface == null || !iface.matches(Patterns.INTERFACE_NAME)) {
      notes.add("could not map " + name + "'s interface" + (iface == null ? "" : " '" + iface + "'") + ": wrote eth0");
      return "eth0";
    }
    return iface;
  }

  private String regionFromFiles(SeedVm vmA, SeedVm vmB) {
    String raw = first(vipPy(vmA, VipPySettings::region), vipPy(vmB, VipPySettings::region));
    String region = Regions.normalize(raw);
    if (raw != null && region != null && !raw.equals(region)) {
      notes.add("note: vip.py's region '" + raw + "' is the old API's name for " + region);
    }
    return region;
  }

  private static String own(SeedVm vm) {
    return vm == null || vm.vipPy() == null ? null : vm.vipPy().thisEni();
  }

  private static String peerOf(SeedVm vm) {
    return vm == null || vm.vipPy() == null ? null : vm.vipPy().thatEni();
  }

  private static String vipPy(SeedVm vm, java.util.function.Function<VipPySettings, String> f) {
    return vm == null || vm.vipPy() == null ? null : f.apply(vm.vipPy());
  }

  /** A DNS label from a directory or script name; "vm-10-0-1-17" when it cannot be one. */
  static String memberName(String raw, String ip) {
    String s = raw == null ? "" : raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > 63) {
      s = s.substring(0, 63).replaceAll("-+$", "");
    }
    if (s.matches(Patterns.DNS_LABEL)) {
      return s;
    }
    return ip == null ? "check" : "vm-" + ip.replace('.', '-');
  }

  private static String first(String x, String y) {
    return x != null ? x : y;
  }
}
