package io.vippair.lab;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.NotifyHook;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Issue 13's side-by-side cut-over (docs/migrating-from-scripts.md), on the pair cache:
 * <ol>
 *   <li>observe-only: the pair is paused and names the agents' notify hook seed-notify, the seed's
 *       notify_action.sh, whose vip.py ({@link SeedVip}) moves the VIP on MASTER with the account's
 *       key, as the old scripts did;
 *   <li>a failover under the hook (SIGTERM to the master's keepalived): the script moves the VIP,
 *       the operator moves nothing and says what it would do;
 *   <li>the switch, measured (the scenario's results line): one edit removes the hook and the pause;
 *       nothing may move and no ping may be lost;
 *   <li>vippair acts: the next failover is the operator's migration, and the script no longer runs.
 * </ol>
 */
final class CutoverScenario extends ScenarioBase {
  static final String NAME = "cutover";
  static final String PAIR = "cache";

  CutoverScenario(Lab lab, Measure.Holder measures) {
    super(lab, measures);
  }

  ScenarioResult run() {
    Topology.Pair p = lab.topology.pair(PAIR);
    for (String m : p.members()) {
      SeedScripts.configure(lab.options.workDir(), lab.topology, PAIR, m, lab.cloud().endpoint(), lab.cloud().secretId(),
          lab.cloud().secretKey());
    }
    // the observe-only failover stops keepalived on the member that is in no other pair, so that
    // every MigratePrivateIpAddress meanwhile is about this pair: start with it as the master
    String sole = p.members().stream().filter(m -> lab.topology.pairs().stream().filter(q -> q.has(m)).count() == 1)
        .findFirst().orElseThrow(() -> new LabException(PAIR + " has no member that is in no other pair"));
    if (!currentMaster(PAIR).equals(sole)) {
      lab.timeline.add(Timeline.Kind.LAB, PAIR, "before the cut-over: SIGTERM " + currentMaster(PAIR) + "'s keepalived, so that "
          + sole + " is the master");
      lab.signalKeepalived(currentMaster(PAIR), "TERM");
      awaitOrFail(NAME + ": " + sole + " master of " + PAIR + " and every pair converged", FAILOVER_TIMEOUT,
          () -> lab.allConverged(java.util.Set.of(), java.util.Set.of()) && lab.reportedMasters(PAIR).equals(List.of(sole)));
    }
    try {
      return cutover(p);
    } finally {
      edit(spec -> {
        spec.setNotifyHooks(null);
        spec.setPaused(null);
        spec.setPauseReason(null);
      });
    }
  }

  private ScenarioResult cutover(Topology.Pair p) {
    var facts = new LinkedHashMap<String, Object>();
    // 1. observe-only, with the old notify script as the agents' hook
    long observing = edit(spec -> {
      spec.setPaused(true);
      spec.setPauseReason("cut-over: the seed's notify script moves the VIP");
      spec.setNotifyHooks(List.of(new NotifyHook(SeedScripts.HOOK)));
    });
    awaitOrFail(NAME + ": both agents run generation " + observing + " (the hook) and the operator reports Paused", FAILOVER_TIMEOUT,
        () -> agentsAt(observing) && paused().isPresent());

    // 2. a failover under the hook
    String oldMaster = currentMaster(PAIR);
    String newMaster = p.peerOf(oldMaster);
    int scriptLines = SeedScripts.log(lab.options.workDir(), newMaster).size();
    long migrate0 = lab.cloudCalls().count("MigratePrivateIpAddress");
    Instant f0 = Instant.now();
    lab.timeline.add(Timeline.Kind.LAB, PAIR, "observe-only with the seed's notify script as hook: SIGTERM " + oldMaster + "'s keepalived");
    lab.signalKeepalived(oldMaster, "TERM");
    awaitOrFail(NAME + ": the script moved the VIP to " + newMaster + " (MASTER) and pings flow", FAILOVER_TIMEOUT,
        () -> lab.reportedMasters(PAIR).contains(newMaster) && lab.cloudOwner(PAIR).equals(Optional.of(newMaster))
            && lab.prober(PAIR).answering());
    Instant fEnd = settle(PAIR);
    List<String> script = SeedScripts.log(lab.options.workDir(), newMaster);
    script = script.subList(Math.min(scriptLines, script.size()), script.size());
    long scriptCalls = script.stream().filter(l -> l.contains("call MigratePrivateIpAddress")).count();
    long migrations = lab.cloudCalls().count("MigratePrivateIpAddress") - migrate0;
    facts.put("observe-only: MigratePrivateIpAddress by the script", scriptCalls);
    facts.put("observe-only: MigratePrivateIpAddress by the operator", migrations - scriptCalls);
    facts.put("observe-only: ping outage of the script's failover ms", lab.prober(PAIR).outage(f0, fEnd).toMillis());
    facts.put("observe-only: script log", String.join(" / ", script));
    awaitOrFail(NAME + ": observe-only pair converged again (" + oldMaster + " back as BACKUP)", FAILOVER_TIMEOUT,
        () -> lab.converged(PAIR));
    facts.put("observe-only: Paused condition", paused().map(c -> c.getMessage()).orElse("-"));

    // 3. the switch: one edit removes the hook and the pause
    Measure m = begin(NAME, PAIR);
    int scriptBefore = SeedScripts.log(lab.options.workDir(), oldMaster).size() + SeedScripts.log(lab.options.workDir(), newMaster).size();
    lab.timeline.add(Timeline.Kind.LAB, PAIR, "switch: notifyHooks and paused removed in one edit");
    long acting = edit(spec -> {
      spec.setNotifyHooks(null);
      spec.setPaused(null);
      spec.setPauseReason(null);
    });
    awaitOrFail(NAME + ": both agents run generation " + acting + " (no hook), the operator acts (no Paused), pair Ready", FAILOVER_TIMEOUT,
        () -> agentsAt(acting) && paused().isEmpty() && lab.converged(PAIR));
    Instant end = settle(PAIR);
    facts.put("switch: ping outage ms", lab.prober(PAIR).outage(m.t0(), end).toMillis());
    ScenarioResult r = result(NAME, PAIR, m.t0(), end, m.migrate0(), null, facts);

    // 4. vippair acts: the next failover is the operator's, and the script is not run
    long migrate1 = lab.cloudCalls().count("MigratePrivateIpAddress");
    Instant a0 = Instant.now();
    lab.timeline.add(Timeline.Kind.LAB, PAIR, "vippair acting: SIGTERM " + newMaster + "'s keepalived");
    lab.signalKeepalived(newMaster, "TERM");
    awaitOrFail(NAME + ": the operator moved the VIP back to " + oldMaster, FAILOVER_TIMEOUT,
        () -> lab.reportedMasters(PAIR).contains(oldMaster) && lab.cloudOwner(PAIR).equals(Optional.of(oldMaster))
            && lab.prober(PAIR).answering());
    Instant aEnd = settle(PAIR);
    int scriptAfter = SeedScripts.log(lab.options.workDir(), oldMaster).size() + SeedScripts.log(lab.options.workDir(), newMaster).size();
    // newMaster's keepalived ran the VM's other pairs too: their moves are the operator's as well
    r.facts().put("acting: MigratePrivateIpAddress, all pairs (the operator's)", lab.cloudCalls().count("MigratePrivateIpAddress") - migrate1);
    r.facts().put("acting: " + PAIR + " VIP moves", lab.timeline.count(a0, e -> e.kind() == Timeline.Kind.OWNERSHIP && PAIR.equals(e.pair())));
    r.facts().put("acting: script log lines written", (long) (scriptAfter - scriptBefore));
    r.facts().put("acting: ping outage of vippair's failover ms", lab.prober(PAIR).outage(a0, aEnd).toMillis());
    r.facts().put("acting: lastFailover", lab.watch().status(PAIR).map(VipPairStatus::getLastFailover)
        .map(f -> f.getFrom() + " -> " + f.getTo()).orElse("-"));
    return r;
  }

  /** Changes the pair's spec; returns its new generation. */
  private long edit(Consumer<VipPairSpec> change) {
    VipPair after = lab.api().client().resources(VipPair.class).inNamespace(Topology.NAMESPACE).withName(PAIR).edit(vp -> {
      change.accept(vp.getSpec());
      return vp;
    });
    return after.getMetadata().getGeneration();
  }

  private boolean agentsAt(long generation) {
    return lab.topology.pair(PAIR).members().stream().allMatch(m -> lab.watch().report(PAIR, m)
        .map(r -> r.getObservedGeneration() != null && r.getObservedGeneration() >= generation && noHookError(r)).orElse(false));
  }

  private static boolean noHookError(AgentReport r) {
    return r.getNotifyError() == null;
  }

  private Optional<io.fabric8.kubernetes.api.model.Condition> paused() {
    return lab.watch().status(PAIR).flatMap(s -> s.getConditions() == null ? Optional.empty()
        : s.getConditions().stream().filter(c -> Conditions.PAUSED.equals(c.getType()) && "True".equals(c.getStatus())).findFirst());
  }
}
