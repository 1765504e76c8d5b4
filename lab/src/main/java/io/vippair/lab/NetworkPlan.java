package io.vippair.lab;

import io.vippair.emulator.CloudEmulator;
import java.util.ArrayList;
import java.util.List;

/**
 * The ip commands that build and take apart the lab's network, computed from a {@link Topology}
 * without touching anything (the functional core of {@link LabNetwork}).
 *
 * <pre>
 *  host (10.77.0.1) ── vpl-host ══ r-host (10.77.0.2) ┐
 *                                                      │ vpl-router: forwards; proxy ARP on CVM links;
 *  vpl-cvm-a eth0 10.77.1.11/24 ══ r-cvm-a ────────────┤ VIP/32 routed only to the cloud owner's link
 *  vpl-cvm-b eth0 10.77.1.12/24 ══ r-cvm-b ────────────┤
 *  vpl-cvm-c eth0 10.77.1.13/24 ══ r-cvm-c ────────────┤
 *  vpl-cvm-d eth0 10.77.1.14/24 ══ r-cvm-d ────────────┤ (only with the HAVIP pair: Topology.withHaVip)
 *  vpl-client eth0 10.77.2.10/24 ═ r-client (10.77.2.1)┘
 * </pre>
 *
 * Every CVM link of the router carries 10.77.1.1/32 and answers ARP for the whole subnet (proxy
 * ARP, no delay), so CVMs reach each other and the VIPs only through the router, as in a VPC:
 * a gratuitous ARP from a new keepalived master changes nothing there.
 */
final class NetworkPlan {
  private NetworkPlan() {}

  static List<List<String>> setUp(Topology t) {
    var cmds = new ArrayList<List<String>>();
    String router = t.routerNs();
    for (String ns : namespaces(t)) {
      cmds.add(List.of("ip", "netns", "add", ns));
      cmds.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
    }
    cmds.add(sysctl(router, "net.ipv4.ip_forward=1"));
    cmds.add(sysctl(router, "net.ipv4.conf.all.rp_filter=0"));
    cmds.add(sysctl(router, "net.ipv4.conf.default.rp_filter=0"));

    // host <-> router: the agents reach the mock API server on the host through the router
    cmds.add(List.of("ip", "link", "add", t.hostLink(), "type", "veth", "peer", "name", "r-host", "netns", router));
    cmds.add(List.of("ip", "addr", "add", Topology.HOST_IP + "/30", "dev", t.hostLink()));
    cmds.add(List.of("ip", "link", "set", t.hostLink(), "up"));
    cmds.add(List.of("ip", "-n", router, "addr", "add", Topology.ROUTER_HOST_SIDE_IP + "/30", "dev", "r-host"));
    cmds.add(List.of("ip", "-n", router, "link", "set", "r-host", "up"));
    cmds.add(List.of("ip", "route", "add", Topology.HOST_ROUTE, "via", Topology.ROUTER_HOST_SIDE_IP, "dev", t.hostLink()));

    for (Topology.Cvm c : t.cvms()) {
      String ns = t.cvmNs(c.name());
      String link = c.routerLink();
      cmds.add(List.of("ip", "link", "add", link, "netns", router, "type", "veth", "peer", "name", "eth0", "netns", ns));
      // the ENI's MAC in the cloud emulator: an HAVIP claim names the ENI by the MAC that announced it
      cmds.add(List.of("ip", "-n", ns, "link", "set", "eth0", "address", CloudEmulator.macOf(c.eniId())));
      if (t.hasHaVip()) {
        // a VPC learns an HAVIP's binding from gratuitous ARP; Linux creates entries from it only with arp_accept
        cmds.add(sysctl(router, "net.ipv4.conf." + link + ".arp_accept=1"));
      }
      cmds.add(List.of("ip", "-n", router, "addr", "add", Topology.CVM_GATEWAY + "/32", "dev", link));
      cmds.add(sysctl(router, "net.ipv4.conf." + link + ".proxy_arp=1"));
      cmds.add(sysctl(router, "net.ipv4.conf." + link + ".rp_filter=0"));
      // the default proxy delay (0.8 s) would add itself to every first contact
      cmds.add(sysctl(router, "net.ipv4.neigh." + link + ".proxy_delay=0"));
      cmds.add(List.of("ip", "-n", router, "link", "set", link, "up"));
      cmds.add(List.of("ip", "-n", router, "route", "add", c.ip() + "/32", "dev", link));
      cmds.add(List.of("ip", "-n", ns, "addr", "add", c.ip() + "/24", "dev", "eth0"));
      cmds.add(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
      cmds.add(List.of("ip", "-n", ns, "route", "add", "default", "via", Topology.CVM_GATEWAY));
    }

    String client = t.clientNs();
    cmds.add(List.of("ip", "link", "add", "r-client", "netns", router, "type", "veth", "peer", "name", "eth0", "netns", client));
    cmds.add(List.of("ip", "-n", router, "addr", "add", Topology.CLIENT_GATEWAY + "/24", "dev", "r-client"));
    cmds.add(List.of("ip", "-n", router, "link", "set", "r-client", "up"));
    cmds.add(List.of("ip", "-n", client, "addr", "add", Topology.CLIENT_IP + "/24", "dev", "eth0"));
    cmds.add(List.of("ip", "-n", client, "link", "set", "eth0", "up"));
    cmds.add(List.of("ip", "-n", client, "route", "add", "default", "via", Topology.CLIENT_GATEWAY));

    // nobody owns a VIP until the cloud says so: fail fast instead of leaking to another route
    for (Topology.Pair p : t.pairs()) {
      cmds.add(routeVip(t, p.vip(), null));
    }
    return cmds;
  }

  /**
   * Tear-down: deleting a namespace deletes its veths (and so the host end); the host route goes
   * with the host link. Each command may fail when the thing is already gone.
   */
  static List<List<String>> tearDown(Topology t) {
    var cmds = new ArrayList<List<String>>();
    cmds.add(List.of("ip", "route", "del", Topology.HOST_ROUTE, "via", Topology.ROUTER_HOST_SIDE_IP));
    cmds.add(List.of("ip", "link", "del", t.hostLink()));
    for (String ns : namespaces(t)) {
      cmds.add(List.of("ip", "netns", "del", ns));
    }
    return cmds;
  }

  /** Routes the VIP to the CVM that owns it in the cloud, or nowhere (unreachable) when cvm is null. */
  static List<String> routeVip(Topology t, String vip, Topology.Cvm cvm) {
    return cvm == null
        ? List.of("ip", "-n", t.routerNs(), "route", "replace", "unreachable", vip + "/32")
        : List.of("ip", "-n", t.routerNs(), "route", "replace", vip + "/32", "dev", cvm.routerLink());
  }

  /**
   * Drops VRRP (IP protocol 112) between two CVMs in the router while everything else flows:
   * policy-routing rules, iproute2 only (tc's drop action needs a kernel module that containers
   * often lack). add=false gives the commands that remove the rules.
   */
  static List<List<String>> vrrpBlock(Topology t, Topology.Cvm a, Topology.Cvm b, boolean add) {
    String verb = add ? "add" : "del";
    return List.of(
        List.of("ip", "-n", t.routerNs(), "rule", verb, "priority", "100", "from", a.ip(), "to", b.ip(), "ipproto", "112", "blackhole"),
        List.of("ip", "-n", t.routerNs(), "rule", verb, "priority", "100", "from", b.ip(), "to", a.ip(), "ipproto", "112", "blackhole"));
  }

  /** Silently drops the CVMs' TCP traffic to the host's API port (a partition, not a refusal). */
  static List<String> apiBlock(Topology t, int apiPort, boolean add) {
    return List.of("ip", "-n", t.routerNs(), "rule", add ? "add" : "del", "priority", "101", "to", Topology.HOST_IP,
        "ipproto", "tcp", "dport", Integer.toString(apiPort), "blackhole");
  }

  /** Like {@link #apiBlock} for one CVM only: the rest of the fleet still reaches the API server. */
  static List<String> apiBlockFrom(Topology t, Topology.Cvm cvm, int apiPort, boolean add) {
    return List.of("ip", "-n", t.routerNs(), "rule", add ? "add" : "del", "priority", "101", "from", cvm.ip(), "to", Topology.HOST_IP,
        "ipproto", "tcp", "dport", Integer.toString(apiPort), "blackhole");
  }

  /** The CVM's ENI link up or down, as seen from inside the CVM (a VM powered off loses its link). */
  static List<String> cvmLink(Topology t, Topology.Cvm cvm, boolean up) {
    return List.of("ip", "-n", t.cvmNs(cvm.name()), "link", "set", "eth0", up ? "up" : "down");
  }

  static List<String> namespaces(Topology t) {
    var all = new ArrayList<String>();
    all.add(t.routerNs());
    all.add(t.clientNs());
    t.cvms().forEach(c -> all.add(t.cvmNs(c.name())));
    return all;
  }

  private static List<String> sysctl(String ns, String setting) {
    return List.of("ip", "netns", "exec", ns, "sysctl", "-qw", setting);
  }
}
