package io.vippair.lab;

import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What planned-switchover-mbb checks besides the pings: that while both CVMs hold the VIP (the
 * target on lo, the master on eth0) its traffic reaches only the cloud's owner, so the router
 * emulates a VPC (delivery by the cloud's owner, not by whoever holds or announced the address),
 * and that the target drops its extra address once the switchover is over.
 */
final class MakeBeforeBreakChecks {
  /** Echo requests the owner must have received while the target held the VIP, before the verdict (200 ms of pings). */
  private static final long ECHOES = 10;

  private MakeBeforeBreakChecks() {}

  static Map<String, Object> whileTheCloudMoves(ScenarioBase base, String pair, String from, String to) {
    Lab lab = base.lab;
    String vip = lab.topology.pair(pair).vip();
    var facts = new LinkedHashMap<String, Object>();
    base.awaitOrFail(pair + ": the cloud asked to move the VIP to " + to + " while " + from + " is MASTER", ScenarioBase.FAILOVER_TIMEOUT,
        () -> lab.watch().status(pair).map(VipPairStatus::getMigration).map(mg -> to.equals(mg.getTarget())).orElse(false));
    boolean heldOnLo = loAddresses(lab, to).contains(" " + vip + "/32");
    facts.put(to + " held the VIP on lo when the cloud was asked", heldOnLo);
    long owner0 = inEchos(lab, from);
    long target0 = inEchos(lab, to);
    base.awaitOrFail(from + " received " + ECHOES + " echo requests", Duration.ofSeconds(5), () -> inEchos(lab, from) - owner0 >= ECHOES);
    long target1 = inEchos(lab, to);
    boolean stillMoving = lab.cloudOwner(pair).equals(Optional.of(from)) && lab.watch().status(pair)
        .map(s -> s.getMigration() != null).orElse(false);
    facts.put("echo requests to " + to + " (holding the VIP on lo, not the cloud's owner) while the cloud moved it", target1 - target0);
    facts.put("the cloud's move was still under way after that", stillMoving);
    facts.put("only the cloud's owner received the VIP's traffic", heldOnLo && stillMoving && target1 == target0);
    return facts;
  }

  static Map<String, Object> afterwards(ScenarioBase base, String pair, String to) {
    Lab lab = base.lab;
    String vip = lab.topology.pair(pair).vip();
    base.awaitOrFail(to + " dropped the VIP it held on lo", Duration.ofSeconds(10), () -> !loAddresses(lab, to).contains(" " + vip + "/32"));
    var facts = new LinkedHashMap<String, Object>();
    facts.put(to + " dropped its lo address", true);
    facts.put("router: route to the VIP", Cmd.tryRun("ip", "-n", lab.topology.routerNs(), "route", "get", vip).stdout().strip());
    return facts;
  }

  private static String loAddresses(Lab lab, String cvm) {
    return Cmd.tryRun("ip", "-n", lab.topology.cvmNs(cvm), "-4", "-o", "address", "show", "dev", "lo", "label", "lo:vippair").stdout();
  }

  /** The CVM's own count of ICMP echo requests received (its namespace's /proc/net/snmp). */
  static long inEchos(Lab lab, String cvm) {
    String snmp = Cmd.tryRun(Cmd.inNetns(lab.topology.cvmNs(cvm), List.of("cat", "/proc/net/snmp"))).stdout();
    String[] header = null;
    for (String line : snmp.split("\n")) {
      if (!line.startsWith("Icmp: ")) {
        continue;
      }
      String[] cells = line.substring(6).trim().split("\\s+");
      if (header == null) {
        header = cells;
      } else {
        return Long.parseLong(cells[List.of(header).indexOf("InEchos")]);
      }
    }
    throw new LabException("no Icmp InEchos in " + cvm + "'s /proc/net/snmp");
  }
}
