package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's network as commands: what it builds, that it builds only inside 10.77.0.0/16, and that it undoes it. */
class NetworkPlanTest {
  private final Topology t = Topology.standard();

  @Test
  void everyAddressTheLabAssignsIsInsideItsOwnRange() {
    List<String> addresses = NetworkPlan.setUp(t).stream()
        .filter(c -> c.contains("addr") && c.contains("add"))
        .map(c -> c.get(c.indexOf("add") + 1))
        .toList();
    assertThat(addresses).isNotEmpty().allMatch(a -> a.startsWith("10.77."));
  }

  @Test
  void theOnlyHostSideChangesAreTheHostLinkAndItsRouteAndTearDownRemovesBoth() {
    List<List<String>> hostSide = NetworkPlan.setUp(t).stream()
        .filter(c -> !c.contains("-n") && !c.contains("netns") && !c.get(0).equals("sysctl"))
        .toList();
    assertThat(hostSide).allMatch(c -> c.contains(t.hostLink()) || c.contains(Topology.HOST_ROUTE));
    List<List<String>> down = NetworkPlan.tearDown(t);
    assertThat(down).contains(List.of("ip", "link", "del", t.hostLink()));
    assertThat(down).anyMatch(c -> c.contains("route") && c.contains(Topology.HOST_ROUTE));
    assertThat(down).containsAll(NetworkPlan.namespaces(t).stream().map(ns -> List.of("ip", "netns", "del", ns)).toList());
  }

  @Test
  void namespacesCarryTheLabPrefix() {
    assertThat(NetworkPlan.namespaces(t)).allMatch(ns -> ns.startsWith("vpl-"))
        .contains("vpl-router", "vpl-client", "vpl-cvm-a", "vpl-cvm-b", "vpl-cvm-c");
  }

  @Test
  void aVipGoesToTheOwnersLinkOrNowhere() {
    assertThat(NetworkPlan.routeVip(t, "10.77.1.100", t.cvm("cvm-b")))
        .containsExactly("ip", "-n", "vpl-router", "route", "replace", "10.77.1.100/32", "dev", "r-cvm-b");
    assertThat(NetworkPlan.routeVip(t, "10.77.1.100", null))
        .containsExactly("ip", "-n", "vpl-router", "route", "replace", "unreachable", "10.77.1.100/32");
  }

  @Test
  void vrrpBlockDropsOnlyProtocol112BetweenTheTwoCvmsAndIsUndone() {
    var add = NetworkPlan.vrrpBlock(t, t.cvm("cvm-a"), t.cvm("cvm-b"), true);
    var del = NetworkPlan.vrrpBlock(t, t.cvm("cvm-a"), t.cvm("cvm-b"), false);
    assertThat(add).hasSize(2).allMatch(c -> c.containsAll(List.of("ipproto", "112", "blackhole")));
    assertThat(add).anyMatch(c -> c.containsAll(List.of("from", "10.77.1.11", "to", "10.77.1.12")))
        .anyMatch(c -> c.containsAll(List.of("from", "10.77.1.12", "to", "10.77.1.11")));
    assertThat(add).anyMatch(c -> c.contains("10.77.1.11")).anyMatch(c -> c.contains("10.77.1.12"));
    assertThat(del).allMatch(c -> c.contains("del"));
  }

  @Test
  void apiBlockTouchesOnlyTheApiPortOnTheHostAddress() {
    assertThat(NetworkPlan.apiBlock(t, 41234, true))
        .containsSubsequence("to", Topology.HOST_IP, "ipproto", "tcp", "dport", "41234", "blackhole");
  }

  @Test
  void theStandardLabHasAVmInTwoPairsAndBothPolicies() {
    assertThat(t.pairs()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(t.cvms()).anyMatch(c -> t.pairs().stream().filter(p -> p.has(c.name())).count() >= 2);
    assertThat(t.pairs()).extracting(Topology.Pair::policy).contains(
        io.vippair.api.v1alpha1.FailoverPolicy.Equal, io.vippair.api.v1alpha1.FailoverPolicy.Preferred);
    assertThat(t.pairs()).extracting(Topology.Pair::vrid).doesNotHaveDuplicates();
  }
}
