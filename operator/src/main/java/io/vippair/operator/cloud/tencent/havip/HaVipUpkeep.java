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
 * it (HaVipAssociateAddressIp) when it has none. An EIP this process saw kept as declared is
 * taken off (HaVipDisassociateAddressIp) once the spec no longer declares it, removed or changed (a
 * changed one is then associated on a later observation); any other EIP it never replaces (that is
 * reported as a conflict by {@link HaVipPlacements}). That memory lives in this process only: after
 * a restart or a change of leader an EIP declared before is left alone until the spec declares it
 * again. Nothing happens for a paused or deleting pair. A failed call is logged and counted
 * (vippair_cloud_requests_total) and tried again on the next observation; an EIP task is not re-sent
 * for a minute.
 */
final class HaVipUpkeep {
  private static final Logger log = LoggerFactory.getLogger(HaVipUpkeep.class);
  static final Duration EIP_TASK_GRACE = Duration.ofSeconds(60);

  private final HaVipCalls calls;
  private final Clock clock;
  private final Map<String, Instant> eipRequested = new BoundedLru<>(4096);
  /** HAVIP id → the EIP last seen on it while the spec declared it: vippair's to take off again. */
  private final Map<String, String> keptEip = new BoundedLru<>(100_000);

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
      String kept = kept(facts.haVipId(), eip, facts.addressIp());
      if (kept != null && !kept.equals(eip) && kept.equals(facts.addressIp()) && !recentlyRequested(facts.haVipId())) {
        calls.disassociateEip(account, facts.haVipId());
        eipRequested(facts.haVipId());
        done.add("HaVipDisassociateAddressIp " + kept);
      } else if (eip != null && facts.addressIp() == null && !recentlyRequested(facts.haVipId())) {
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

  /**
   * Whether the EIP on the HAVIP is one this process kept for the spec and now takes off (the
   * spec's EIP changed): then it is vippair's own, and no conflict.
   */
  synchronized boolean replacing(HaVipFacts facts) {
    String kept = facts == null ? null : keptEip.get(facts.haVipId());
    return kept != null && kept.equals(facts.addressIp());
  }

  /**
   * Learns the EIP kept for the spec (the declared one, seen on the HAVIP) and forgets it once it is
   * off the HAVIP; returns the EIP this process kept, or null.
   */
  private synchronized String kept(String haVipId, String declared, String onHaVip) {
    if (declared != null && declared.equals(onHaVip)) {
      keptEip.put(haVipId, declared);
      eipRequested.remove(haVipId); // its association is done: no task of ours runs on it
    } else if (onHaVip == null && keptEip.remove(haVipId) != null) {
      eipRequested.remove(haVipId); // its disassociation is done: a changed EIP may follow at once
    }
    return keptEip.get(haVipId);
  }

  /** The scope is kept even while an EIP conflict is reported: the conflict is the EIP's alone. */
  private static boolean eipConflictOnly(VipPairSpec spec, HaVipFacts facts) {
    return HaVipPlacements.EIP_CONFLICT.equals(HaVipPlacements.problem(spec, facts).reason());
  }

  private synchronized boolean recentlyRequested(String haVipId) {
    Instant at = eipRequested.get(haVipId);
    return at != null && clock.instant().isBefore(at.plus(EIP_TASK_GRACE));
  }

  private synchronized void eipRequested(String haVipId) {
    eipRequested.put(haVipId, clock.instant());
  }
}
