package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopologyTest {
  @Test
  void theHaVipPairHasACvmOfItsOwnSoCutoverKeepsCvmCToCache() {
    Topology t = Topology.withHaVip();
    assertThat(t.pair(Topology.HAVIP_PAIR).members()).containsExactly("cvm-a", "cvm-d");
    assertThat(t.pairs().stream().filter(p -> p.has("cvm-c")).map(Topology.Pair::name)).containsExactly(CutoverScenario.PAIR);
    assertThat(t.pairs().stream().filter(p -> p.has("cvm-d")).map(Topology.Pair::name)).containsExactly(Topology.HAVIP_PAIR);
    // every CVM has a namespace, a link and an ENI of its own
    assertThat(NetworkPlan.namespaces(t)).contains("vpl-cvm-d");
    assertThat(t.cvms().stream().map(Topology.Cvm::eniId).distinct()).hasSize(t.cvms().size());
    assertThat(t.cvms().stream().map(Topology.Cvm::ip).distinct()).hasSize(t.cvms().size());
    // the other standard pairs are untouched; the outsider of havip-outside-scope is a CVM in no HAVIP pair
    assertThat(t.pairs().subList(0, 3)).isEqualTo(Topology.standard().pairs());
    assertThat(t.cvms().stream().filter(c -> !t.pair(Topology.HAVIP_PAIR).has(c.name())).map(Topology.Cvm::name))
        .containsExactly("cvm-b", "cvm-c");
  }

  @Test
  void theStandardLabIsThreeCvms() {
    assertThat(Topology.standard().cvms()).hasSize(3);
    assertThat(Topology.standard().hasHaVip()).isFalse();
    assertThat(Scenarios.topologyFor(java.util.Set.of("cutover"))).isEqualTo(Topology.standard());
    assertThat(Scenarios.topologyFor(java.util.Set.of("cutover", "havip-kill-master"))).isEqualTo(Topology.withHaVip());
  }
}
