package io.vippair.operator.controller;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.VipPair;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The node agents' Leases (routine liveness), watched in the agent lease namespace. A Lease event
 * wakes the pairs of that member only when the Lease appears, disappears, changes holder, or comes
 * back after it had expired, never on a routine renewal; whether a Lease is fresh is read from
 * the cache when a pair is decided, and the periodic resync notices expiry.
 */
final class AgentLeases {
  /** Index of the primary cache: member name → VipPairs that have that member. */
  static final String MEMBER_INDEX = "vippair-member";

  private final InformerEventSource<Lease, VipPair> source;
  private final String namespace;

  AgentLeases(EventSourceContext<VipPair> context, String namespace) {
    this.namespace = namespace;
    var config = InformerEventSourceConfiguration.from(Lease.class, VipPair.class)
        .withName("agent-leases")
        .withNamespaces(Set.of(namespace))
        .withLabelSelector(Contract.AGENT_LEASE_LABEL)
        .withSecondaryToPrimaryMapper(lease -> {
          String member = memberOf(lease);
          return member == null ? Set.of()
              : context.getPrimaryCache().byIndex(MEMBER_INDEX, member).stream()
                  .map(ResourceID::fromResource).collect(Collectors.toSet());
        })
        .withOnUpdateFilter(AgentLeases::worthAReconcile)
        .build();
    this.source = new InformerEventSource<>(config, context);
  }

  InformerEventSource<Lease, VipPair> eventSource() {
    return source;
  }

  /** Whether the member's agent renewed its Lease within the Lease's duration. */
  boolean fresh(String member, Instant now) {
    return source.get(new ResourceID(Contract.agentLeaseName(member), namespace))
        .map(lease -> expiry(lease))
        .map(expiry -> expiry.isAfter(now))
        .orElse(false);
  }

  /**
   * When the member's agent took its Lease (acquireTime), or null. An agent that sets it on every
   * start tells the operator which reports predate its restart (rule 14a).
   */
  Instant startedAt(String member) {
    return source.get(new ResourceID(Contract.agentLeaseName(member), namespace))
        .map(lease -> lease.getSpec() == null || lease.getSpec().getAcquireTime() == null
            ? null : lease.getSpec().getAcquireTime().toInstant())
        .orElse(null);
  }

  static String memberOf(Lease lease) {
    var labels = lease.getMetadata().getLabels();
    String member = labels == null ? null : labels.get(Contract.AGENT_LEASE_LABEL);
    if (member == null && lease.getSpec() != null) {
      member = lease.getSpec().getHolderIdentity();
    }
    return member;
  }

  /** A holder change, or a renewal after the old copy had already expired. */
  static boolean worthAReconcile(Lease now, Lease before) {
    String holderNow = now.getSpec() == null ? null : now.getSpec().getHolderIdentity();
    String holderBefore = before.getSpec() == null ? null : before.getSpec().getHolderIdentity();
    if (!Objects.equals(holderNow, holderBefore)) {
      return true;
    }
    Instant oldExpiry = expiry(before);
    ZonedDateTime renewed = now.getSpec() == null ? null : now.getSpec().getRenewTime();
    return oldExpiry != null && renewed != null && renewed.toInstant().isAfter(oldExpiry);
  }

  /** renewTime + leaseDurationSeconds, or null when the Lease lacks them. */
  static Instant expiry(Lease lease) {
    var spec = lease.getSpec();
    if (spec == null || spec.getRenewTime() == null) {
      return null;
    }
    int seconds = spec.getLeaseDurationSeconds() != null ? spec.getLeaseDurationSeconds() : Contract.AGENT_LEASE_DURATION_SECONDS;
    return spec.getRenewTime().toInstant().plusSeconds(seconds);
  }
}
