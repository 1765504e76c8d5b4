package io.vippair.lab;

import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    // started before the operator asks the cloud (it waits about an advert for the target's priority)
    try (EchoCounter owner = EchoCounter.start(lab.topology.cvmNs(from), vip);
        EchoCounter target = EchoCounter.start(lab.topology.cvmNs(to), vip)) {
      base.awaitOrFail(pair + ": the cloud asked to move the VIP to " + to + " while " + from + " is MASTER",
          ScenarioBase.FAILOVER_TIMEOUT,
          () -> lab.watch().status(pair).map(VipPairStatus::getMigration).map(mg -> to.equals(mg.getTarget())).orElse(false));
      boolean heldOnLo = loAddresses(lab, to).contains(" " + vip + "/32");
      facts.put(to + " held the VIP on lo when the cloud was asked", heldOnLo);
      long owner0 = owner.count();
      long target0 = target.count();
      base.awaitOrFail(from + " received " + ECHOES + " echo requests for " + vip, Duration.ofSeconds(5),
          () -> owner.count() - owner0 >= ECHOES);
      long toTarget = target.count() - target0;
      boolean stillMoving = lab.cloudOwner(pair).equals(Optional.of(from)) && lab.watch().status(pair)
          .map(s -> s.getMigration() != null).orElse(false);
      facts.put("echo requests for the VIP to " + from + " (cloud owner, MASTER) / " + to + " (holding it on lo) while the cloud"
          + " moved it", (owner.count() - owner0) + " / " + toTarget);
      facts.put("the cloud's move was still under way after that", stillMoving);
      facts.put("only the cloud's owner received the VIP's traffic", heldOnLo && stillMoving && toTarget == 0);
    }
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
}
