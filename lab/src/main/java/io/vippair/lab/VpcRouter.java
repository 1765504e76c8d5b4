package io.vippair.lab;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The "VPC router" namespace, driven the way a VPC's data plane is: a VIP reaches only the CVM
 * whose ENI holds it in the cloud (reprogrammed by the emulator's ownership listener), and the
 * lab can cut VRRP between two CVMs or the CVMs' path to the API server.
 */
final class VpcRouter {
  private final Topology topology;
  private final Set<List<String>> undo = new LinkedHashSet<>();

  VpcRouter(Topology topology) {
    this.topology = topology;
  }

  /** Sends the VIP to the CVM that owns this ENI, or nowhere when eniId is null or not a lab CVM's. */
  synchronized void route(String vip, String eniId) {
    Topology.Cvm cvm = eniId == null ? null : topology.cvmByEni(eniId).orElse(null);
    Cmd.run(NetworkPlan.routeVip(topology, vip, cvm));
  }

  synchronized void blockVrrp(String cvmA, String cvmB) {
    List<List<String>> add = NetworkPlan.vrrpBlock(topology, topology.cvm(cvmA), topology.cvm(cvmB), true);
    add.forEach(Cmd::run);
    undo.addAll(NetworkPlan.vrrpBlock(topology, topology.cvm(cvmA), topology.cvm(cvmB), false));
  }

  synchronized void blockApi(int apiPort) {
    Cmd.run(NetworkPlan.apiBlock(topology, apiPort, true));
    undo.add(NetworkPlan.apiBlock(topology, apiPort, false));
  }

  /** Cuts one CVM (and nothing else) off from the API server. */
  synchronized void blockApiFrom(String cvm, int apiPort) {
    Cmd.run(NetworkPlan.apiBlockFrom(topology, topology.cvm(cvm), apiPort, true));
    undo.add(NetworkPlan.apiBlockFrom(topology, topology.cvm(cvm), apiPort, false));
  }

  /** Removes every block this router added. */
  synchronized void heal() {
    undo.forEach(Cmd::tryRun);
    undo.clear();
  }
}
