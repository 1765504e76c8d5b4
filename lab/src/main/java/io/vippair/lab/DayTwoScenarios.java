package io.vippair.lab;

import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Day-2 operations a person starts on purpose (issue 14): a planned switchover. Each ends with
 * the pair Ready, its master the cloud's owner and the VIP answering, or fails.
 */
final class DayTwoScenarios extends ScenarioBase {
  static final List<String> NAMES = List.of("planned-switchover", "planned-switchover-mbb");

  DayTwoScenarios(Lab lab, Measure.Holder measures) {
    super(lab, measures);
  }

  ScenarioResult run(String name) {
    return switch (name) {
      case "planned-switchover" -> plannedSwitchover(false);
      case "planned-switchover-mbb" -> plannedSwitchover(true);
      default -> throw new LabException("no scenario '" + name + "'; scenarios: " + String.join(", ", NAMES));
    };
  }

  /** planned-switchover, break-before-make (the demo's). */
  ScenarioResult plannedSwitchover() {
    return plannedSwitchover(false);
  }

  /**
   * planned-switchover: spec.switchover asks web's VIP to move to the backup. The operator fences
   * the master, its agent forces keepalived to FAULT (priority 0: the backup takes over at once),
   * the VIP moves with reason PlannedSwitchover and the fence is lifted. The client's pings
   * measure the outage; the old master comes back as BACKUP. The request is removed afterwards
   * (web is an Equal pair, so nothing moves back).
   *
   * <p>planned-switchover-mbb: the same with mode MakeBeforeBreak: the target holds the VIP on lo,
   * the cloud moves the VIP while the master stays MASTER, then VRRP hands over. While the cloud
   * moves it, the lab checks with tcpdump on both CVMs that echo requests for the VIP reach only the
   * cloud's owner although both CVMs hold the address (the router delivers by the cloud, not by
   * ARP), and afterwards that the target dropped its extra address.
   */
  ScenarioResult plannedSwitchover(boolean makeBeforeBreak) {
    String name = makeBeforeBreak ? "planned-switchover-mbb" : "planned-switchover";
    String pair = "web";
    String from = currentMaster(pair);
    String to = lab.topology.pair(pair).peerOf(from);
    Measure m = begin(name, pair);
    String nonce = "lab-" + m.t0().toEpochMilli();
    String mode = makeBeforeBreak ? "MakeBeforeBreak" : "BreakBeforeMake";
    lab.timeline.add(Timeline.Kind.LAB, pair, "spec.switchover: to " + to + ", nonce " + nonce + ", mode " + mode);
    lab.patchPair(pair, "{\"spec\":{\"switchover\":{\"to\":\"" + to + "\",\"nonce\":\"" + nonce + "\",\"mode\":\"" + mode + "\"}}}");
    var facts = new LinkedHashMap<String, Object>();
    try {
      if (makeBeforeBreak) {
        facts.putAll(MakeBeforeBreakChecks.whileTheCloudMoves(this, pair, from, to));
      }
      awaitOrFail("planned-switchover: the operator answered nonce " + nonce, FAILOVER_TIMEOUT,
          () -> answered(pair, nonce).map(s -> s.getPhase() != null && s.getPhase().finished()).orElse(false));
      SwitchoverStatus s = answered(pair, nonce).orElseThrow();
      if (s.getPhase() != SwitchoverPhase.Succeeded) {
        throw new LabException("planned-switchover: " + s.getPhase() + " (" + s.getReason() + "): " + s.getMessage());
      }
      awaitOrFail("planned-switchover: " + to + " MASTER, owning the VIP in the cloud, answering pings; " + from + " BACKUP",
          FAILOVER_TIMEOUT, () -> lab.converged(pair) && lab.cloudOwner(pair).equals(Optional.of(to)) && lab.prober(pair).answering()
              && lab.watch().report(pair, from).map(r -> r.getRole() == VrrpRole.BACKUP).orElse(false));
      Instant end = settle(pair);
      facts.put("from", from);
      facts.put("to", to);
      facts.put("status.switchover.phase", s.getPhase().name());
      facts.put("status.switchover.durationMs", s.getDurationMs());
      facts.put("status.switchover.outageEstimateMs", s.getOutageEstimateMs());
      facts.put("fence lifted", lab.watch().status(pair).map(VipPairStatus::getFence).isEmpty());
      facts.put("last failover reason", lab.watch().status(pair).map(x -> x.getLastFailover() == null ? null
          : x.getLastFailover().getReason()).orElse(null));
      if (makeBeforeBreak) {
        facts.putAll(MakeBeforeBreakChecks.afterwards(this, pair, to));
      }
      facts.put("lost pings", lab.prober(pair).lost(m.t0(), end));
      facts.put("longest gap between replies starts at (ms after the request)", longestGapAt(pair, m.t0(), end));
      facts.put("longest gap between replies in the 3 s before the request (ms)",
          lab.prober(pair).outage(m.t0().minusSeconds(3), m.t0().minusMillis(20)).toMillis());
      return result(name, pair, m.t0(), end, m.migrate0(), to, facts);
    } finally {
      // leave no request behind for the next scenario (reset knows nothing of it)
      lab.patchPair(pair, "{\"spec\":{\"switchover\":null}}");
    }
  }

  /** Where the longest gap between ping replies in [from, to] begins, in ms after from. */
  private long longestGapAt(String pair, Instant from, Instant to) {
    List<Instant> replies = lab.prober(pair).replies();
    Instant at = from;
    long longest = -1;
    for (int i = 1; i < replies.size(); i++) {
      long gap = java.time.Duration.between(replies.get(i - 1), replies.get(i)).toMillis();
      if (replies.get(i).isAfter(from) && replies.get(i - 1).isBefore(to) && gap > longest) {
        longest = gap;
        at = replies.get(i - 1);
      }
    }
    return java.time.Duration.between(from, at).toMillis();
  }

  private Optional<SwitchoverStatus> answered(String pair, String nonce) {
    return lab.watch().status(pair).map(VipPairStatus::getSwitchover).filter(s -> nonce.equals(s.getNonce()));
  }
}
