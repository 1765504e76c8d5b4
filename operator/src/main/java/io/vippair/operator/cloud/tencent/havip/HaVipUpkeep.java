package io.vippair.operator.cloud.tencent.havip;

import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.operator.cloud.BoundedLru;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the pair declares on its HAVIP after each observation: the drift scope is exactly the
 * two members' ENIs (AssociateHaVipInstance / DisassociateHaVipInstance), and a declared EIP is on
 * it (HaVipAssociateAddressIp) when it has none. It never replaces another EIP (that is reported
 * as a conflict by {@link HaVipPlacements}), and does nothing for a paused or deleting pair. A
 * failed call is logged and counted (vippair_cloud_requests_total) and tried again on the next
 * observation; an EIP association, which runs as a task, is not re-sent for a minute.
 */
final class HaVipUpkeep {
  private static final Logger log = LoggerFactory.getLogger(HaVipUpkeep.class);
  static final Duration EIP_TASK_GRACE = Duration.ofSeconds(60);

  private final HaVipCalls calls;
  private final Clock clock;
  private final Map<String, Instant> eipRequested = new BoundedLru<>(4096);

  HaVipUpkeep(HaVipCalls calls, Clock clock) {
    this.calls = calls;
    this.clock = clock;
  }

  /** The changes made for this pair, as "Action target" strings (for tests and logs). */
  List<String> keep(CloudAccount account, VipPair pair, HaVipFacts facts) {
    List<String> done = new ArrayList<>();
    VipPairSpec spec = pair.getSpec();
    if (facts == null || spec.pauseRequested() || pair.getMetadata().getDeletionTimestamp() != null
        || HaVipPlacements.problem(spec, facts) != null && !eipConflictOnly(spec, facts)) {
      return done;
    }
    List<HaVipMember> wanted = HaVipPlacements.wantedScope(spec);
    List<HaVipMember> missing = wanted.stream().filter(m -> !facts.driftScope().contains(m)).toList();
    List<HaVipMember> extra = facts.driftScope().stream().filter(m -> !wanted.contains(m)).toList();
    try {
      if (!missing.isEmpty()) {
        calls.associateInstances(account, facts.haVipId(), missing);
        done.add("AssociateHaVipInstance " + missing.stream().map(HaVipMember::instanceId).toList());
      }
      if (!extra.isEmpty()) {
        calls.disassociateInstances(account, facts.haVipId(), extra);
        done.add("DisassociateHaVipInstance " + extra.stream().map(HaVipMember::instanceId).toList());
      }
      String eip = spec.getCloud().getHaVip() == null ? null : spec.getCloud().getHaVip().getEip();
      if (eip != null && facts.addressIp() == null && !recentlyRequested(facts.haVipId())) {
        calls.associateEip(account, facts.haVipId(), eip);
        eipRequested(facts.haVipId());
        done.add("HaVipAssociateAddressIp " + eip);
      }
    } catch (CloudException e) {
      log.warn("{}: keeping HAVIP {} failed at {}: {} (tried again on the next observation)",
          pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName(), facts.haVipId(), e.action(),
          e.errorCode());
    }
    if (!done.isEmpty()) {
      log.info("{}: HAVIP {}: {}", pair.getMetadata().getNamespace() + "/" + pair.getMetadata().getName(),
          facts.haVipId(), done);
    }
    return done;
  }

  /** The scope is kept even while an EIP conflict is reported: the conflict is the EIP's alone. */
  private static boolean eipConflictOnly(VipPairSpec spec, HaVipFacts facts) {
    return "HaVipEipConflict".equals(HaVipPlacements.problem(spec, facts).reason());
  }

  private synchronized boolean recentlyRequested(String haVipId) {
    Instant at = eipRequested.get(haVipId);
    return at != null && clock.instant().isBefore(at.plus(EIP_TASK_GRACE));
  }

  private synchronized void eipRequested(String haVipId) {
    eipRequested.put(haVipId, clock.instant());
  }
}
