package io.vippair.agent.report;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.api.v1alpha1.Contract;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's routine liveness signal: a coordination.k8s.io/v1 Lease vippair-agent-&lt;member&gt;,
 * renewed every 10 s with a 30 s duration. Cheap for the API server at fleet scale; the operator
 * asks for a faster answer with a probe only when it needs one.
 */
public final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final KubernetesClient client;
  private final String member;
  private final String namespace;
  private ScheduledFuture<?> future;
  private volatile boolean failing;
  private volatile Runnable onReturn = () -> { };

  /** The JVM's start: reports this process makes are all newer than it. */
  private final ZonedDateTime started = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())
      .atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  private volatile boolean acquired;

  public LeaseKeeper(KubernetesClient client, String member, String namespace) {
    this.client = client;
    this.member = member;
    this.namespace = namespace;
  }

  /** Called when a renewal works after failures (the API server is back). */
  public void onReturn(Runnable action) {
    this.onReturn = action;
  }

  public void start(ScheduledExecutorService scheduler) {
    // the first renewal waits a second: at start the CPU goes to the first reports (the Lease lasts 30 s)
    future = scheduler.scheduleWithFixedDelay(this::renew, 1000, Contract.AGENT_LEASE_RENEW_SECONDS * 1000L, TimeUnit.MILLISECONDS);
  }

  /** Creates or renews the Lease once. */
  public void renew() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    String name = Contract.agentLeaseName(member);
    try {
      var leases = client.leases().inNamespace(namespace);
      Lease lease = leases.withName(name).get();
      if (lease == null) {
        leases.resource(new LeaseBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace).addToLabels(Contract.AGENT_LEASE_LABEL, member).endMetadata()
            .withNewSpec()
            .withHolderIdentity(member)
            .withLeaseDurationSeconds(Contract.AGENT_LEASE_DURATION_SECONDS)
            .withAcquireTime(started)
            .withRenewTime(now)
            .endSpec()
            .build()).create();
      } else {
        if (!acquired) {
          // acquireTime says when this agent started: the operator treats a report older than it as
          // unknown (rule 14a), so it must move on every start, not only when the Lease is created
          lease.getSpec().setAcquireTime(started);
        }
        lease.getSpec().setHolderIdentity(member);
        lease.getSpec().setLeaseDurationSeconds(Contract.AGENT_LEASE_DURATION_SECONDS);
        lease.getSpec().setRenewTime(now);
        leases.resource(lease).update();
      }
      acquired = true;
      if (failing) {
        log.info("renewing Lease {}/{} works again", namespace, name);
        failing = false;
        onReturn.run();
      }
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("cannot renew Lease {}/{} ({}); retrying every {} s", namespace, name, e.getMessage(), Contract.AGENT_LEASE_RENEW_SECONDS);
        failing = true;
      }
    }
  }

  public boolean failing() {
    return failing;
  }

  @Override
  public void close() {
    if (future != null) {
      future.cancel(false);
    }
  }
}
