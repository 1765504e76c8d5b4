package io.vippair.lab;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Issue 15's scenarios on the HAVIP pair (edge, {@link Topology#withHaVip()}): its VIP follows the
 * gratuitous ARP the router sees, as an HAVIP follows it in a VPC; no API call moves it.
 */
final class HaVipScenarios extends ScenarioBase {
  static final List<String> NAMES = List.of("havip-kill-master", "havip-garp-lost", "havip-outside-scope");
  /** Tencent's HAVIP + keepalived tutorial: about 4 s of lost pings per failover. */
  static final long TENCENT_TUTORIAL_OUTAGE_MS = 4000;
  private static final String PAIR = Topology.HAVIP_PAIR;

  HaVipScenarios(Lab lab, Measure.Holder measures) {
    super(lab, measures);
  }

  ScenarioResult run(String name) {
    if (!lab.topology.hasHaVip()) {
      throw new LabException(name + " needs the lab with the HAVIP pair (Topology.withHaVip())");
    }
    return switch (name) {
      case "havip-kill-master" -> killMaster();
      case "havip-garp-lost" -> garpLost();
      case "havip-outside-scope" -> outsideScope();
      default -> throw new LabException("no HAVIP scenario '" + name + "'");
    };
  }

  /** SIGKILL to the master's keepalived: the peer becomes MASTER after master-down and announces; the HAVIP follows. */
  ScenarioResult killMaster() {
    String name = "havip-kill-master";
    String oldMaster = currentMaster(PAIR);
    String newMaster = lab.topology.pair(PAIR).peerOf(oldMaster);
    Measure m = begin(name, PAIR);
    lab.signalKeepalived(oldMaster, "KILL");
    awaitFollowed(name, newMaster);
    Instant end = settle(PAIR);
    var facts = facts(oldMaster, newMaster);
    facts.put("Tencent tutorial outage ms", TENCENT_TUTORIAL_OUTAGE_MS);
    return result(name, PAIR, m.t0(), end, m.migrate0(), null, facts);
  }

  /**
   * The new master's announcement is lost once (the VPC misses it): the HAVIP stays on the old
   * master's ENI until the operator, 2 s after the MASTER report, asks the new master's agent to
   * announce again (keepalived alone would repeat it only after garp_master_delay, 5 s).
   */
  ScenarioResult garpLost() {
    String name = "havip-garp-lost";
    String oldMaster = currentMaster(PAIR);
    String newMaster = lab.topology.pair(PAIR).peerOf(oldMaster);
    String announcedBefore = report(newMaster).map(AgentReport::getAnnounced).orElse(null);
    Measure m = begin(name, PAIR);
    lab.missNextAnnouncementOf(newMaster);
    try {
      lab.signalKeepalived(oldMaster, "TERM");
      awaitFollowed(name, newMaster);
    } finally {
      lab.missNextAnnouncementOf(null);
    }
    Instant end = settle(PAIR);
    var facts = facts(oldMaster, newMaster);
    String announcedAfter = report(newMaster).map(AgentReport::getAnnounced).orElse(null);
    facts.put("agent announced again", announcedAfter != null && !Objects.equals(announcedBefore, announcedAfter));
    facts.put("VPC missed the first announcement", lab.timeline.count(m.t0(),
        e -> e.kind() == Timeline.Kind.LAB && e.text().startsWith("VPC: missed " + newMaster)) == 1);
    return result(name, PAIR, m.t0(), end, m.migrate0(), null, facts);
  }

  /**
   * A VM outside the pair (a keepalived of no pair on it) announces the HAVIP's address: the drift
   * scope the operator keeps makes the VPC ignore it, and nothing moves.
   */
  ScenarioResult outsideScope() {
    String name = "havip-outside-scope";
    Topology.Pair pair = lab.topology.pair(PAIR);
    String master = currentMaster(PAIR);
    String outsider = lab.topology.cvms().stream().map(Topology.Cvm::name).filter(c -> !pair.has(c)).findFirst()
        .orElseThrow(() -> new LabException("every CVM is a member of " + PAIR));
    String outsiderEni = lab.topology.cvm(outsider).eniId();
    int claimsBefore = lab.cloud().haVipClaimOutcomes(outsiderEni).size();
    Measure m = begin(name, PAIR);
    String outcome;
    try (AutoCloseable rogue = lab.rogueAnnouncer(outsider, pair.vip(), 199)) {
      awaitOrFail(name + ": the VPC sees " + outsider + " announce " + pair.vip(), Duration.ofSeconds(20),
          () -> lab.cloud().haVipClaimOutcomes(outsiderEni).size() > claimsBefore);
      List<String> outcomes = lab.cloud().haVipClaimOutcomes(outsiderEni);
      outcome = outcomes.get(outcomes.size() - 1);
      lab.timeline.add(Timeline.Kind.LAB, PAIR, "VPC: " + outsider + " announced " + pair.vip() + ": " + outcome);
      holdFor(Duration.ofSeconds(2)); // a claim that were followed would have moved the route by now
    } catch (LabException e) {
      throw e;
    } catch (Exception e) {
      throw new LabException("stopping the rogue keepalived on " + outsider + " failed: " + e.getMessage(), e);
    }
    Instant end = settle(PAIR);
    var facts = new LinkedHashMap<String, Object>();
    facts.put("master", master);
    facts.put("announcer outside the pair", outsider);
    facts.put("VPC's answer to its claim", outcome);
    facts.put("HAVIP still on the master", lab.cloudOwner(PAIR).equals(Optional.of(master)));
    // to tell a loss of edge alone (its path) from one of every pair (the client or the machine stalled)
    var outages = new LinkedHashMap<String, Long>();
    lab.topology.pairs().forEach(p -> outages.put(p.name(), lab.prober(p.name()).outage(m.t0(), end).toMillis()));
    facts.put("ping outage per pair ms", outages);
    facts.put("edge's longest gap, ms after the start", longestGap(lab.prober(PAIR).replies(), m.t0(), end));
    return result(name, PAIR, m.t0(), end, m.migrate0(), null, facts);
  }

  private void awaitFollowed(String name, String newMaster) {
    awaitOrFail(name + ": " + newMaster + " MASTER, the HAVIP bound to its ENI, answering pings", FAILOVER_TIMEOUT,
        () -> lab.reportedMasters(PAIR).contains(newMaster) && lab.cloudOwner(PAIR).equals(Optional.of(newMaster))
            && lab.prober(PAIR).answering());
  }

  private LinkedHashMap<String, Object> facts(String oldMaster, String newMaster) {
    var facts = new LinkedHashMap<String, Object>();
    facts.put("old master", oldMaster);
    facts.put("new master", newMaster);
    // the operator's measure: MASTER report to the observation that showed the binding on its ENI
    awaitOrFail("the operator reports the binding on " + newMaster, Duration.ofSeconds(10), () -> lab.watch().status(PAIR)
        .map(s -> s.getHaVip() != null && newMaster.equals(s.getHaVip().getBoundMember())).orElse(false));
    facts.put("binding lag ms (status.haVip)", lab.watch().status(PAIR).map(VipPairStatus::getHaVip)
        .map(h -> h.getBindingLagMillis()).orElse(null));
    return facts;
  }

  /** "+from..+to" of the longest gap between replies in [t0, end], in ms after t0. */
  static String longestGap(List<Instant> replies, Instant t0, Instant end) {
    Instant from = null;
    Instant to = null;
    Instant previous = null;
    for (Instant r : replies) {
      if (previous != null && r.isAfter(t0) && previous.isBefore(end)
          && (from == null || Duration.between(previous, r).compareTo(Duration.between(from, to)) > 0)) {
        from = previous;
        to = r;
      }
      previous = r;
    }
    return from == null ? "none" : "+" + Duration.between(t0, from).toMillis() + "..+" + Duration.between(t0, to).toMillis();
  }

  private Optional<AgentReport> report(String member) {
    return lab.watch().status(PAIR).map(VipPairStatus::getAgents).map(a -> a.get(member));
  }

}
