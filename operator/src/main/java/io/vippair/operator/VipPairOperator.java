package io.vippair.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.CredentialsResolver;
import io.vippair.operator.controller.ControllerSettings;
import io.vippair.operator.controller.EventRecorder;
import io.vippair.operator.controller.VipPairReconciler;
import io.vippair.operator.failover.FailoverSettings;
import io.vippair.operator.heartbeat.HeartbeatChannel;
import io.vippair.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator assembled: java-operator-sdk with the VipPair controller, its event sources, metrics
 * and (optionally) leader election. Main runs one; tests and the benchmark run one or two in-process
 * against the mock API server and the cloud emulator.
 */
public final class VipPairOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VipPairOperator.class);
  /** An identical event for a pair is recorded at most this often. */
  private static final Duration EVENT_REPEAT = Duration.ofMinutes(10);
  /**
   * How often the leader renews and the standby tries the Lease. The standby waits this plus up
   * to 1.2 times this (fabric8's jitter) between tries, so it takes a released Lease within
   * 1.1 s; the leader's renewal costs two small writes a second.
   */
  static final Duration LEASE_RETRY_PERIOD = Duration.ofMillis(500);
  /**
   * How long the leader Lease lasts without a renewal: a standby leads at most this plus one try
   * (1.1 s) after the leader died, so within 5 s (issue 12; it was Kubernetes' 15 s default).
   */
  static final Duration LEASE_DURATION = Duration.ofSeconds(3);
  /**
   * How long the leader keeps trying to renew before it stops leading (and exits). Safety needs
   * RENEW_DEADLINE + one retry period + clock skew + one renewal's latency < LEASE_DURATION: the
   * old leader has stopped before a standby may take the Lease. That leaves 1 s for skew and
   * latency; the argument is in docs/operator.md#leader-election.
   */
  static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
  /** How long a stop waits for reconciles in flight, so that a SIGTERM ends the process within 5 s. */
  static final Duration RECONCILE_STOP_WAIT = Duration.ofSeconds(2);

  private final Operator operator;
  private final OperatorMetrics metrics;
  private final EventRecorder events;
  private final boolean leaderElection;
  private final LeaderHandOver handOver;
  private final HeartbeatChannel heartbeats;

  /**
   * @param exitOnStopLeading true in production: a replica that lost the Lease while running exits
   *     and is restarted clean, so it can never act next to the new leader; false in tests (one
   *     JVM). A deliberate stop ({@link #close()}) never exits: it releases the Lease instead.
   */
  public VipPairOperator(KubernetesClient client, CloudPort cloud, CredentialsResolver accounts,
      OperatorSettings settings, MeterRegistry registry, Clock clock, boolean exitOnStopLeading) {
    this.metrics = new OperatorMetrics(registry);
    this.leaderElection = settings.leaderElection();
    this.events = new EventRecorder(client, clock, EVENT_REPEAT, settings.identity());
    this.handOver = new LeaderHandOver(client, settings.leaderElectionNamespace(), OperatorSettings.LEASE_NAME,
        settings.identity(), exitOnStopLeading);
    var defaults = FailoverSettings.defaults();
    var failover = new FailoverSettings(settings.probeDeadline(), defaults.migrationTimeout(),
        defaults.taskPollInterval(), defaults.fenceHold(),
        settings.heartbeat() == null ? FailoverSettings.DEFAULT_HEARTBEAT_DEAD_AFTER : settings.heartbeat().deadAfter());
    this.heartbeats = HeartbeatChannel.start(settings.heartbeat(), settings.metricsHost(), clock, registry);
    var controllerSettings = new ControllerSettings(settings.agentLeaseNamespace(), settings.resyncPeriod(), failover);
    var reconciler = new VipPairReconciler(client, cloud, accounts, controllerSettings, clock, metrics, events,
        metrics::isLeading, heartbeats::view);

    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // SSA would replace the whole status (and the mock cannot do it); the controller
          // writes its own fields with merge patches instead
          .withUseSSAToPatchPrimaryResource(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          .withStopOnInformerErrorDuringStartup(true)
          .withReconciliationTerminationTimeout(RECONCILE_STOP_WAIT)
          .withCacheSyncTimeout(Duration.ofMinutes(2));
      if (leaderElection) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME,
            settings.leaderElectionNamespace(), LEASE_DURATION, RENEW_DEADLINE, LEASE_RETRY_PERIOD,
            settings.identity(),
            new LeaderCallbacks(() -> {
              log.info("{} leads now", settings.identity());
              metrics.leading(true);
            }, () -> {
              log.info("{} stopped leading", settings.identity());
              metrics.leading(false);
              handOver.stoppedLeading();
            }, leader -> log.info("leader is {}", leader)),
            false)); // JOSDK's exit deadlocks in a shutdown hook: LeaderHandOver exits or releases
      }
    });
    operator.register(reconciler, c -> {
      c.withName("vippair")
          .withFinalizer(Contract.FINALIZER)
          // agent reports are status-only changes; the filter lets them (and spec, labels,
          // finalizers, deletion) through and keeps the operator's own status writes out
          .withGenerationAware(false)
          .withOnUpdateFilter(VipPairReconciler.updateFilter())
          .withReconciliationMaxInterval(settings.resyncPeriod());
      if (settings.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(settings.namespaces());
      }
      if (settings.labelSelector() != null) {
        c.withLabelSelector(settings.labelSelector());
      }
    });
  }

  /** Starts the informers and (with leader election) campaigns for the Lease. */
  public VipPairOperator start() {
    if (!leaderElection) {
      metrics.leading(true);
    }
    operator.start();
    return this;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /** The UDP port heartbeats arrive on, or 0 when they are off. */
  public int heartbeatPort() {
    return heartbeats.port();
  }

  public boolean isLeading() {
    return metrics.isLeading();
  }

  /** Why the operator is not ready, or null when it is (informers synced; leading or standby). */
  public String notReadyReason() {
    var info = operator.getRuntimeInfo();
    if (!info.isStarted()) {
      return "starting: informers not synced yet";
    }
    if (!info.allEventSourcesAreHealthy()) {
      return "unhealthy event sources: " + info.unhealthyEventSources().keySet();
    }
    return null;
  }

  @Override
  public void close() {
    handOver.stopping();
    metrics.leading(false);
    operator.stop();
    events.close();
    heartbeats.close();
  }
}
