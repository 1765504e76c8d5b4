package io.vippair.lab;

import io.vippair.api.v1alpha1.FailoverPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The lab's layout: which CVMs exist, which pairs they form, and every address. Pure data; {@link
 * NetworkPlan} turns it into ip commands. All addresses are inside 10.77.0.0/16 and exist only in
 * namespaces the lab creates (plus the host end of the host-router veth).
 */
public record Topology(String prefix, List<Cvm> cvms, List<Pair> pairs) {

  /** Host end of the host-router veth: the mock Kubernetes API listens here for the agents. */
  public static final String HOST_IP = "10.77.0.1";
  public static final String ROUTER_HOST_SIDE_IP = "10.77.0.2";
  /** The CVMs' subnet (the "VPC subnet"): the router answers as 10.77.1.1 on every CVM link. */
  public static final String CVM_SUBNET = "10.77.1.0/24";
  public static final String CVM_GATEWAY = "10.77.1.1";
  public static final String CLIENT_GATEWAY = "10.77.2.1";
  public static final String CLIENT_IP = "10.77.2.10";
  /** The one route the lab adds on the host, removed on teardown. */
  public static final String HOST_ROUTE = "10.77.0.0/16";
  public static final String NAMESPACE = "lab";

  /** A "CVM": one network namespace with one ENI (eth0), its own keepalived and node agent. */
  public record Cvm(String name, String ip, String eniId, String instanceId) {
    /** The router's end of this CVM's link (the CVM end is always eth0). */
    public String routerLink() {
      return "r-" + name;
    }
  }

  /**
   * One VipPair of the lab. healthPort is the TCP health-check port, or 0 for no check; haVipId
   * makes it a pair in mode HaVip (its VIP an HAVIP of that id), null an ENI secondary IP.
   */
  public record Pair(String name, String vip, String memberA, String memberB, int vrid,
      FailoverPolicy policy, String preferred, int preemptDelaySeconds, int healthPort, String haVipId) {
    public Pair(String name, String vip, String memberA, String memberB, int vrid, FailoverPolicy policy, String preferred,
        int preemptDelaySeconds, int healthPort) {
      this(name, vip, memberA, memberB, vrid, policy, preferred, preemptDelaySeconds, healthPort, null);
    }

    public boolean haVip() {
      return haVipId != null;
    }

    public List<String> members() {
      return List.of(memberA, memberB);
    }

    public boolean has(String member) {
      return memberA.equals(member) || memberB.equals(member);
    }

    public String peerOf(String member) {
      return memberA.equals(member) ? memberB : memberA;
    }
  }

  /** Three CVMs and three pairs: cvm-b is in all three, cvm-a in two; Equal and Preferred. */
  public static Topology standard() {
    return new Topology("vpl-",
        List.of(
            new Cvm("cvm-a", "10.77.1.11", "eni-vplcvm0a", "ins-vplcvm0a"),
            new Cvm("cvm-b", "10.77.1.12", "eni-vplcvm0b", "ins-vplcvm0b"),
            new Cvm("cvm-c", "10.77.1.13", "eni-vplcvm0c", "ins-vplcvm0c")),
        List.of(
            new Pair("web", "10.77.1.100", "cvm-a", "cvm-b", 51, FailoverPolicy.Equal, null, 0, 8080),
            new Pair("db", "10.77.1.101", "cvm-a", "cvm-b", 52, FailoverPolicy.Preferred, "cvm-a", 5, 0),
            new Pair("cache", "10.77.1.102", "cvm-b", "cvm-c", 53, FailoverPolicy.Equal, null, 0, 0)));
  }

  /**
   * The failover bench's layout (issue 12): two CVMs and four Equal pairs on their two ENIs, so
   * that four VIPs share one ENI pair. web (with a TCP health check) is the pair the one-VIP
   * scenarios break; {@link Bench} puts the other three on the other CVM first, so they stay out of
   * its way.
   */
  public static Topology bench() {
    return new Topology("vpl-",
        List.of(
            new Cvm("cvm-a", "10.77.1.11", "eni-vplcvm0a", "ins-vplcvm0a"),
            new Cvm("cvm-b", "10.77.1.12", "eni-vplcvm0b", "ins-vplcvm0b")),
        List.of(
            new Pair("web", "10.77.1.100", "cvm-a", "cvm-b", 51, FailoverPolicy.Equal, null, 0, 8080),
            new Pair("api", "10.77.1.103", "cvm-a", "cvm-b", 54, FailoverPolicy.Equal, null, 0, 0),
            new Pair("queue", "10.77.1.104", "cvm-a", "cvm-b", 55, FailoverPolicy.Equal, null, 0, 0),
            new Pair("jobs", "10.77.1.105", "cvm-a", "cvm-b", 56, FailoverPolicy.Equal, null, 0, 0)));
  }

  /** The HAVIP pair of the HAVIP scenarios. */
  public static final String HAVIP_PAIR = "edge";

  /** The CVM that only the HAVIP pair uses: cvm-a's peer in edge. */
  public static final Cvm HAVIP_CVM = new Cvm("cvm-d", "10.77.1.14", "eni-vplcvm0d", "ins-vplcvm0d");

  /**
   * The standard lab plus one pair in mode HaVip: edge, 10.77.1.110 on cvm-a and a fourth CVM of
   * its own (cvm-d), whose VIP follows gratuitous ARP as the router sees it. cvm-c stays in cache
   * alone, as cutover needs; cvm-a was already in two pairs. Only a run that selects an HAVIP
   * scenario starts it (CI's list does), so the HAVIP parts cost nothing elsewhere.
   */
  public static Topology withHaVip() {
    Topology s = standard();
    List<Cvm> cvms = new java.util.ArrayList<>(s.cvms());
    cvms.add(HAVIP_CVM);
    List<Pair> pairs = new java.util.ArrayList<>(s.pairs());
    pairs.add(new Pair(HAVIP_PAIR, "10.77.1.110", "cvm-a", HAVIP_CVM.name(), 54, FailoverPolicy.Equal, null, 0, 0,
        "havip-vpledge1"));
    return new Topology(s.prefix(), List.copyOf(cvms), List.copyOf(pairs));
  }

  /** Whether any pair is an HAVIP (the router then learns gratuitous ARP on the CVM links). */
  public boolean hasHaVip() {
    return pairs.stream().anyMatch(Pair::haVip);
  }

  public String routerNs() {
    return prefix + "router";
  }

  public String clientNs() {
    return prefix + "client";
  }

  public String cvmNs(String cvm) {
    return prefix + cvm;
  }

  /** The host end of the host-router veth. */
  public String hostLink() {
    return prefix + "host";
  }

  public Cvm cvm(String name) {
    return cvms.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new LabException("no CVM named " + name + " in the lab; CVMs: " + cvms.stream().map(Cvm::name).toList()));
  }

  public Pair pair(String name) {
    return pairs.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new LabException("no pair named " + name + " in the lab; pairs: " + pairs.stream().map(Pair::name).toList()));
  }

  /** The CVM whose ENI has this id. */
  public Optional<Cvm> cvmByEni(String eniId) {
    return cvms.stream().filter(c -> c.eniId().equals(eniId)).findFirst();
  }

  public Optional<Pair> pairByVip(String vip) {
    return pairs.stream().filter(p -> p.vip().equals(vip)).findFirst();
  }
}
