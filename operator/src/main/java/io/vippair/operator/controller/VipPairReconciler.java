package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.failover.CloudAction;
import io.vippair.operator.failover.CloudView;
import io.vippair.operator.failover.Decision;
import io.vippair.operator.failover.FailoverDecider;
import io.vippair.operator.failover.Heartbeat;
import io.vippair.operator.failover.PairEvent;
import io.vippair.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VipPair controller, kept thin, one way: observe ({@link PairObservation}: caches only) →
 * decide (the pure {@link FailoverDecider}) → act ({@link CloudCalls}: the cloud call, off this
 * thread) → publish (one merge patch of the operator's status fields with the change's record,
 * events, metrics). The call's answer comes back as the next round's input.
 */
public final class VipPairReconciler implements Reconciler<VipPair>, Cleaner<VipPair> {
  private static final Logger log = LoggerFactory.getLogger(VipPairReconciler.class);

  private final CloudPort cloud;
  private final CredentialsResolver accounts;
  private final FailoverDecider decider = new FailoverDecider();
  private final ControllerSettings settings;
  private final Clock clock;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final BooleanSupplier leading;
  private final StatusPublisher status;
  private final PairMetadata metadata;
  private final BiFunction<String, Instant, Heartbeat> heartbeats;
  private volatile AgentLeases leases;
  private volatile FleetObserver fleet;
  private volatile VipClaims claims;
  private volatile CloudCalls calls;

  public VipPairReconciler(KubernetesClient client, CloudPort cloud, CredentialsResolver accounts,
      ControllerSettings settings, Clock clock, OperatorMetrics metrics, EventRecorder events, BooleanSupplier leading) {
    this(client, cloud, accounts, settings, clock, metrics, events, leading, (member, now) -> Heartbeat.UNKNOWN);
  }

  /** @param heartbeats what the heartbeat listener knows of a member's agent at an instant (rule 14b) */
  public VipPairReconciler(KubernetesClient client, CloudPort cloud, CredentialsResolver accounts,
      ControllerSettings settings, Clock clock, OperatorMetrics metrics, EventRecorder events, BooleanSupplier leading,
      BiFunction<String, Instant, Heartbeat> heartbeats) {
    this.heartbeats = heartbeats;
    this.cloud = cloud;
    this.accounts = accounts;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
    this.events = events;
    this.leading = leading;
    this.status = new StatusPublisher(client);
    this.metadata = new PairMetadata(client);
  }

  @Override
  public List<EventSource<?, VipPair>> prepareEventSources(EventSourceContext<VipPair> context) {
    context.getPrimaryCache().addIndexer(AgentLeases.MEMBER_INDEX, SpecGuard::memberNames);
    claims = new VipClaims(context);
    leases = new AgentLeases(context, settings.agentLeaseNamespace());
    calls = new CloudCalls(cloud, clock);
    fleet = new FleetObserver(context, cloud, accounts, settings.resyncPeriod(), settings.failover().taskPollInterval(),
        clock, leading, pair -> {
          ResourceID id = ResourceID.fromResource(pair);
          return calls.answeredSince(id, fleet.cached(id).map(FleetObserver.Observed::at).orElse(null));
        });
    return List.of(leases.eventSource(), fleet, calls, claims);
  }

  /** Which VipPair updates need a reconcile (see {@link PairChangeFilter}). */
  public static io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter<VipPair> updateFilter() {
    return new PairChangeFilter();
  }

  /** The fleet observer (tests and the benchmark count its rounds). */
  FleetObserver fleet() {
    return fleet;
  }

  @Override
  public UpdateControl<VipPair> reconcile(VipPair pair, Context<VipPair> context) {
    String missing = SpecGuard.missingField(pair);
    if (missing != null) {
      VipPair written = status.publish(pair, SpecGuard.incompleteStatus(pair, missing, clock.instant()));
      if (written != null) {
        remember(context, written, pair);
      }
      return UpdateControl.noUpdate();
    }
    // a pair that yields its VIP to an older claim is run by no agent
    VipPair labelled = claims.claimOf(pair).yields() ? metadata.withoutMemberLabels(pair) : metadata.ensureMemberLabels(pair);
    if (labelled != pair) {
      remember(context, labelled, pair);
    }
    Decision d = step(labelled, context, false);
    return UpdateControl.<VipPair>noUpdate()
        .rescheduleAfter(d.recheckAfter() != null ? d.recheckAfter() : jittered(settings.resyncPeriod()));
  }

  /**
   * The routine re-check, spread over a fifth of the period: pairs created or resynced together
   * would otherwise come due together every period, and a burst of thousands of reconciles would
   * queue an agent's urgent report behind it.
   */
  static Duration jittered(Duration period) {
    long spread = Math.max(1, period.toMillis() / 5);
    return period.minusMillis(java.util.concurrent.ThreadLocalRandom.current().nextLong(spread));
  }

  @Override
  public DeleteControl cleanup(VipPair pair, Context<VipPair> context) {
    // an incomplete pair, or one that yields its VIP to an older claim, has nothing in the cloud to clean up
    VipClaim claim = SpecGuard.missingField(pair) == null ? claims.claimOf(pair) : null;
    if (claim != null) {
      claims.wake(claim.others());
    }
    Decision d = claim == null || claim.yields() ? null : step(pair, context, true);
    if (d == null || d.releaseFinalizer()) {
      calls.forget(ResourceID.fromResource(pair));
      metrics.pairGone(CloudPort.key(pair));
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(d.recheckAfter() != null ? d.recheckAfter() : Duration.ofSeconds(1));
  }

  /**
   * A reconcile that threw (a bug, or the API server refusing our write): say so on the pair,
   * Ready=False with the reason, instead of only in the log; JOSDK retries with its back-off.
   */
  @Override
  public ErrorStatusUpdateControl<VipPair> updateErrorStatus(VipPair pair, Context<VipPair> context, Exception e) {
    try {
      VipPair written = status.publishError(pair, e, clock.instant());
      if (written != null) {
        remember(context, written, pair);
      }
    } catch (RuntimeException again) {
      log.warn("{}: cannot write the reconcile error to status: {}", CloudPort.key(pair), again.toString());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private Decision step(VipPair pair, Context<VipPair> context, boolean deleting) {
    long started = System.nanoTime();
    // a pair that yields its VIP to an older claim decides with that as its problem: no cloud change
    VipClaim claim = claims.claimOf(pair);
    var observed = PairObservation.of(pair, context, deleting, clock.instant(), accounts, leases, heartbeats,
        fleet, calls, claim.yields() ? claim.problem() : null);
    var snapshot = observed.snapshot();
    Decision decision = decider.decide(snapshot, settings.failover());
    List<PairEvent> claimEvents = claims.settle(claim, pair.getStatus(), decision.status(), snapshot.generation(),
        snapshot.now());

    // the call is handed to the call threads first, so it reaches the cloud in step with the
    // record in status.migration (as readers of status expect: a recorded change has been asked for)
    if (!(decision.action() instanceof CloudAction.None) && observed.account() != null) {
      calls.submit(pair, observed.account(), decision.action(), decision.status().getMigration());
    }
    calls.recorded(ResourceID.fromResource(pair), decision.status().getMigration());
    VipPair written = status.publish(pair, decision.status());
    if (written != null) {
      remember(context, written, pair);
    }
    decision.events().forEach(e -> events.record(pair, e));
    claimEvents.forEach(e -> events.record(pair, e));
    if (decision.completed() != null) {
      var done = decision.completed();
      metrics.failoverCompleted(snapshot.namespace(), done.reason(), done.took());
    }
    var published = decision.status();
    metrics.pairs().published(pair, published);
    var splitBrain = published.condition(Conditions.SPLIT_BRAIN);
    metrics.pairState(CloudPort.key(pair), new OperatorMetrics.PairState(published.getPhase(),
        splitBrain != null && "True".equals(splitBrain.getStatus()), snapshot.cloud() instanceof CloudView.Conflict,
        published.getHaVip() != null && published.getHaVip().getLaggingSince() != null));
    metrics.reconciled(Duration.ofNanos(System.nanoTime() - started));
    return decision;
  }

  /**
   * Hands JOSDK the pair as our own write left it, so that the next reconcile (which may start
   * before the watch delivers that write) sees status.migration and cannot act twice.
   */
  private static void remember(Context<VipPair> context, VipPair written, VipPair before) {
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(written), written, before);
  }
}
