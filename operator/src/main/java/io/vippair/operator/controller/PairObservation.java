package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CredentialsException;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.failover.AgentView;
import io.vippair.operator.failover.CloudView;
import io.vippair.operator.failover.Heartbeat;
import io.vippair.operator.failover.PairSnapshot;
import io.vippair.operator.failover.SpecProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Observe, for one pair: gathers what the decision looks at from caches only (the agents' reports
 * and Leases, the fleet observer's answer, the last cloud call, the other pairs for the VRID
 * check) into a {@link PairSnapshot}. Never calls the cloud.
 *
 * @param account the account the pair's cloud calls use, or null when it has no usable credentials
 */
record PairObservation(PairSnapshot snapshot, CloudAccount account) {
  /** How long the reconciles of a fresh leader wait for the first fleet observation. */
  static final Duration FIRST_ROUND_WAIT = Duration.ofSeconds(30);

  static PairObservation of(VipPair pair, Context<VipPair> context, boolean deleting, Instant now,
      CredentialsResolver accounts, AgentLeases leases,
      BiFunction<String, Instant, Heartbeat> heartbeats, FleetObserver fleet, CloudCalls calls, SpecProblem claimProblem) {
    ResourceID id = ResourceID.fromResource(pair);
    VipPairStatus previous = pair.getStatus();
    CloudAccount account = null;
    SpecProblem problem = null;
    CloudView view;
    Instant cloudAt = null;
    try {
      account = accounts.accountFor(pair);
    } catch (CredentialsException e) {
      problem = new SpecProblem(e.errorCode(), e.getMessage());
    }
    if (account == null) {
      view = new CloudView.Unknown("no usable credentials: " + problem.message(), problem.reason());
    } else {
      if (fleet.cached(id).isEmpty()) {
        fleet.awaitRoundInProgress(FIRST_ROUND_WAIT);
      }
      var observed = fleet.cached(id).orElse(null);
      view = observed == null ? new CloudView.NotObserved() : observed.view();
      cloudAt = observed == null ? null : observed.at();
      problem = observed == null ? null : observed.placement().problem();
    }
    if (problem == null) {
      problem = SpecChecks.checkVrrpId(pair, pairsSharingAMember(pair, context));
    }
    if (claimProblem != null) {
      problem = claimProblem; // the VIP belongs to an older pair: nothing else about this one matters
    }
    previous = withOwnCall(previous, calls.unsettled(id), calls.settled(id));
    var migration = previous == null ? null : previous.getMigration();
    var task = migration == null ? null : fleet.taskState(migration.getTaskId());
    PairSnapshot snapshot = new PairSnapshot(pair.getMetadata().getNamespace(), pair.getMetadata().getName(),
        pair.getMetadata().getGeneration() == null ? 0 : pair.getMetadata().getGeneration(), deleting,
        pair.getSpec(), agents(pair, leases, heartbeats, now), view, cloudAt, previous, task, calls.last(id), problem, now);
    return new PairObservation(snapshot, account);
  }

  /**
   * The status as this process last left it, as far as the change in flight goes. The cached copy
   * may miss the operator's own latest write (see {@link CloudCalls#unsettled}): a change this
   * process asked for and no round has closed is still in flight, and one a round has closed is
   * over, whatever an older copy says. Asking the cloud twice for one change, or counting one
   * failover twice, is what this prevents.
   */
  static VipPairStatus withOwnCall(VipPairStatus cached, Migration unsettled, Migration settled) {
    Migration recorded = cached == null ? null : cached.getMigration();
    if (unsettled != null && recorded == null) {
      VipPairStatus s = cached == null ? new VipPairStatus() : cached.copy();
      s.setMigration(unsettled);
      return s;
    }
    if (settled != null && CloudCalls.sameChange(settled, recorded)) {
      VipPairStatus s = cached.copy();
      s.setMigration(null);
      return s;
    }
    return cached;
  }

  private static Map<String, AgentView> agents(VipPair pair, AgentLeases leases, BiFunction<String, Instant, Heartbeat> heartbeats,
      Instant now) {
    Map<String, AgentView> views = new LinkedHashMap<>();
    Map<String, AgentReport> reports = pair.getStatus() == null || pair.getStatus().getAgents() == null
        ? Map.of() : pair.getStatus().getAgents();
    for (Member m : pair.getSpec().getMembers()) {
      AgentReport report = reports.get(m.getName());
      if (report != null) {
        views.put(m.getName(), new AgentView(report, leases.fresh(m.getName(), now), leases.startedAt(m.getName()),
            heartbeats.apply(m.getName(), now)));
      }
    }
    return views;
  }

  private static List<VipPair> pairsSharingAMember(VipPair pair, Context<VipPair> context) {
    List<VipPair> others = new ArrayList<>();
    for (Member m : pair.getSpec().getMembers()) {
      others.addAll(context.getPrimaryCache().byIndex(AgentLeases.MEMBER_INDEX, m.getName()));
    }
    return others;
  }
}
