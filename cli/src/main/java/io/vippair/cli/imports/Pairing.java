package io.vippair.cli.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the two VMs of each VRRP instance: the same virtual_router_id and VIPs, on two different
 * VMs, each one's unicast_src_ip among the other's unicast_peer (when they use unicast, as the
 * seed does). An instance whose peer's files were not given is kept alone with its unicast_peer
 * address, so the pair can still be written from one side.
 */
public final class Pairing {

  /** One side of a pair; peer is null when the other VM's files were not given. */
  public record Match(VrrpInstance a, SeedVm vmA, VrrpInstance b, SeedVm vmB) {}

  public record Result(List<Match> matches, List<String> problems) {}

  private Pairing() {}

  public static Result pair(List<SeedVm> vms) {
    List<Match> matches = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<VrrpInstance> used = new HashSet<>();
    for (SeedVm vm : vms) {
      for (VrrpInstance a : vm.instances()) {
        if (used.contains(a)) {
          continue;
        }
        if (a.virtualRouterId() == null || a.vips().isEmpty()) {
          problems.add(a.where() + ": has no virtual_router_id or no virtual_ipaddress; nothing to pair");
          used.add(a);
          continue;
        }
        List<Match> candidates = new ArrayList<>();
        for (SeedVm other : vms) {
          if (other == vm) {
            continue;
          }
          for (VrrpInstance b : other.instances()) {
            if (!used.contains(b) && a.virtualRouterId().equals(b.virtualRouterId()) && a.vips().equals(b.vips())
                && unicastAgrees(a, b)) {
              candidates.add(new Match(a, vm, b, other));
            }
          }
        }
        used.add(a);
        if (candidates.size() == 1) {
          used.add(candidates.get(0).b());
          matches.add(candidates.get(0));
        } else if (candidates.size() > 1) {
          problems.add(a.where() + ": " + candidates.size() + " VMs have an instance with virtual_router_id "
              + a.virtualRouterId() + " and VIP " + a.vips() + " (" + String.join(", ", candidates.stream().map(c -> c.vmB().name()).toList())
              + "); give each VM its unicast_src_ip and unicast_peer so the pairs can be told apart");
        } else {
          matches.add(new Match(a, vm, null, null));
        }
      }
    }
    return new Result(matches, problems);
  }

  /** Without unicast on either side they can only be told apart by VRID and VIP. */
  private static boolean unicastAgrees(VrrpInstance a, VrrpInstance b) {
    boolean aToB = a.unicastPeers().isEmpty() || b.unicastSrcIp() == null || a.unicastPeers().contains(b.unicastSrcIp());
    boolean bToA = b.unicastPeers().isEmpty() || a.unicastSrcIp() == null || b.unicastPeers().contains(a.unicastSrcIp());
    return aToB && bToA;
  }
}
