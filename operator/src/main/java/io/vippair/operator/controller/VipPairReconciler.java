package io.vippair.operator.controller;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.CredentialsException;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.failover.AgentView;
import io.vippair.operator.failover.CloudAction;
import io.vippair.operator.failover.CloudView;
import io.vippair.operator.failover.Decision;
import io.vippair.operator.failover.FailoverDecider;
import io.vippair.operator.failover.PairSnapshot;
import io.vippair.operator.failover.SpecProblem;
import io.vippair.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VipPair controller, kept thin: observe (agents' reports and Leases from the caches, the
 * cloud's owner from the fleet observer) → decide (the pure failover decision) → act (at most one
 * cloud call) → publish (one merge patch of the operator's status fields, events, metrics).
 */
public final class VipPairReconciler implements Reconciler<VipPair>, Cleaner<VipPair> {
  private static final Logger log = LoggerFactory.getLogger(VipPairReconciler.class);
  /** How long the reconciles of a fresh leader wait for the first fleet observation. */
  private static final Duration FIRST_ROUND_WAIT = Duration.ofSeconds(30);

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
  private volatile AgentLeases leases;
  private volatile FleetObserver fleet;

  public VipPairReconciler(KubernetesClient client, CloudPort cloud, CredentialsResolver accounts,
      ControllerSettings settings, Clock clock, OperatorMetrics metrics, EventRecorder events, BooleanSupplier leading) {
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
    context.getPrimaryCache().addIndexer(AgentLeases.MEMBER_INDEX, pair -> pair.getSpec() == null ? List.of()
        : pair.getSpec().getMembers().stream().map(Member::getName).toList());
    leases = new AgentLeases(context, settings.agentLeaseNamespace());
    fleet = new FleetObserver(context, cloud, accounts, settings.resyncPeriod(), settings.failover().taskPollInterval(),
        clock, leading);
    return List.of(leases.eventSource(), fleet);
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
    VipPair labelled = metadata.ensureMemberLabels(pair);
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
    Decision d = step(pair, context, true);
    if (d.releaseFinalizer()) {
      ResourceID id = ResourceID.fromResource(pair);
      fleet.forget(id);
      metrics.pairGone(FleetObserver.key(pair));
      return DeleteControl.defaultDelete();
    }
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(d.recheckAfter() != null ? d.recheckAfter() : Duration.ofSeconds(1));
  }

  private Decision step(VipPair pair, Context<VipPair> context, boolean deleting) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    ResourceID id = ResourceID.fromResource(pair);
    VipPairStatus previous = pair.getStatus();
    Migration inFlight = previous == null ? null : previous.getMigration();

    CloudAccount account = null;
    SpecProblem problem = null;
    CloudView view;
    TaskState task = null;
    try {
      account = accounts.accountFor(pair);
    } catch (CredentialsException e) {
      problem = new SpecProblem(e.errorCode(), e.getMessage());
    }
    if (account == null) {
      view = new CloudView.Unknown("no usable credentials: " + problem.message(), problem.reason());
    } else {
      // a change in flight is followed by the fleet observer, which wakes the pair on news
      if (inFlight != null) {
        fleet.follow(pair, account, inFlight.getTaskId());
        task = fleet.taskState(inFlight.getTaskId());
      } else {
        fleet.unfollow(id);
      }
      FleetObserver.Observed observed = cachedOrObserve(pair, account, id);
      view = CloudViews.of(observed.ownership(), pair.getSpec());
      problem = SpecChecks.checkEnis(pair.getSpec(), observed.enis());
    }
    if (problem == null) {
      problem = SpecChecks.checkVrrpId(pair, pairsSharingAMember(pair, context));
    }

    PairSnapshot snapshot = new PairSnapshot(pair.getMetadata().getNamespace(), pair.getMetadata().getName(),
        pair.getMetadata().getGeneration() == null ? 0 : pair.getMetadata().getGeneration(), deleting,
        pair.getSpec(), agents(pair, now), view, previous, task, problem, now);
    Decision decision = decider.decide(snapshot, settings.failover());
    decision = act(pair, account, snapshot, decision);

    VipPair written = status.publish(pair, decision.status());
    if (written != null) {
      remember(context, written, pair);
    }
    decision.events().forEach(e -> events.record(pair, e));
    if (decision.completed() != null) {
      var done = decision.completed();
      metrics.failoverCompleted(snapshot.namespace(), done.reason(), done.took());
    }
    var published = decision.status();
    var splitBrain = published.condition(Conditions.SPLIT_BRAIN);
    metrics.pairState(FleetObserver.key(pair), new OperatorMetrics.PairState(published.getPhase(),
        splitBrain != null && "True".equals(splitBrain.getStatus()), view instanceof CloudView.Conflict));
    metrics.reconciled(Duration.ofNanos(System.nanoTime() - started));
    return decision;
  }

  /** Performs the decision's cloud action and records its task in status.migration. */
  private Decision act(VipPair pair, CloudAccount account, PairSnapshot snapshot, Decision decision) {
    CloudAction action = decision.action();
    if (action instanceof CloudAction.None || account == null) {
      return decision;
    }
    String vip = pair.getSpec().getVip().getAddress();
    Migration requested = decision.status().getMigration();
    try {
      TaskHandle handle;
      if (action instanceof CloudAction.Migrate m) {
        handle = cloud.migrate(account, vip, eni(pair, m.fromMember()), eni(pair, m.toMember()));
      } else if (action instanceof CloudAction.Assign a) {
        handle = cloud.assign(account, vip, eni(pair, a.toMember()));
      } else {
        handle = cloud.unassign(account, vip, eni(pair, ((CloudAction.Unassign) action).fromMember()));
      }
      requested.setTaskId(handle.taskId());
      fleet.follow(pair, account, handle.taskId());
      log.info("{}/{}: {} issued (task {})", snapshot.namespace(), snapshot.name(), action, handle.taskId());
      return decision;
    } catch (CloudException e) {
      // a refused action may mean our picture of the cloud is stale (e.g. a wrong source ENI):
      // look again on the next round instead of trusting the cache
      fleet.forget(ResourceID.fromResource(pair));
      log.warn("{}/{}: {} failed: {}", snapshot.namespace(), snapshot.name(), action, e.getMessage());
      var failed = new io.vippair.operator.failover.CloudCall.Failed(requested, e.errorCode(), e.getMessage(),
          e.retryableLater(), snapshot.now());
      VipPairStatus written = decision.status();
      var again = new PairSnapshot(snapshot.namespace(), snapshot.name(), snapshot.generation(), snapshot.deleting(),
          snapshot.spec(), snapshot.agents(), snapshot.cloud(), snapshot.cloudAt(), withAgents(written, snapshot.previous()),
          null, failed, snapshot.specProblem(), snapshot.now());
      return decider.decide(again, settings.failover());
    }
  }

  private static VipPairStatus withAgents(VipPairStatus operatorFields, VipPairStatus previous) {
    VipPairStatus s = operatorFields.copyOperatorFields();
    s.setAgents(previous == null ? null : previous.getAgents());
    return s;
  }

  private FleetObserver.Observed cachedOrObserve(VipPair pair, CloudAccount account, ResourceID id) {
    var cached = fleet.cached(id);
    if (cached.isEmpty()) {
      fleet.awaitRoundInProgress(FIRST_ROUND_WAIT);
      cached = fleet.cached(id);
    }
    return cached.orElseGet(() -> fleet.observe(pair, account, CallPriority.ROUTINE));
  }

  private Map<String, AgentView> agents(VipPair pair, Instant now) {
    Map<String, AgentView> views = new LinkedHashMap<>();
    Map<String, AgentReport> reports = pair.getStatus() == null || pair.getStatus().getAgents() == null
        ? Map.of() : pair.getStatus().getAgents();
    for (Member m : pair.getSpec().getMembers()) {
      AgentReport report = reports.get(m.getName());
      if (report != null) {
        views.put(m.getName(), new AgentView(report, leases.fresh(m.getName(), now)));
      }
    }
    return views;
  }

  /**
   * Hands JOSDK the pair as our own write left it, so that the next reconcile (which may start
   * before the watch delivers that write) sees status.migration and cannot act twice.
   */
  private static void remember(Context<VipPair> context, VipPair written, VipPair before) {
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(written), written, before);
  }

  private static List<VipPair> pairsSharingAMember(VipPair pair, Context<VipPair> context) {
    List<VipPair> others = new ArrayList<>();
    for (Member m : pair.getSpec().getMembers()) {
      others.addAll(context.getPrimaryCache().byIndex(AgentLeases.MEMBER_INDEX, m.getName()));
    }
    return others;
  }

  private static String eni(VipPair pair, String member) {
    Member m = pair.getSpec().member(member);
    if (m == null) {
      throw new IllegalStateException("the decision named member " + member + ", which is not in the spec");
    }
    return m.getNetworkInterfaceId();
  }
}
