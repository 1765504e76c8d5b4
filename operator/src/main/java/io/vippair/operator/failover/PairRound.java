package io.vippair.operator.failover;

import static io.vippair.operator.failover.StatusConditions.parseTime;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VrrpRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One decision round over one snapshot: the facts every rule reads (reports, roles, Lease
 * freshness, the cloud owner, the clock) and the draft every rule writes to. The rules themselves
 * live in the classes named after them; {@link FailoverDecider} runs them in order.
 */
final class PairRound {
  static final Set<VrrpRole> STEPPED_DOWN = Set.of(VrrpRole.BACKUP, VrrpRole.FAULT, VrrpRole.STOP);

  final PairSnapshot s;
  final FailoverSettings settings;
  /** The status as last read; never null (an empty status before the first write). */
  final VipPairStatus prev;
  final List<String> members;
  final DecisionDraft out;
  final Instant now;

  PairRound(PairSnapshot s, FailoverSettings settings) {
    this.s = s;
    this.settings = settings;
    this.prev = s.previous() != null ? s.previous() : new VipPairStatus();
    this.members = s.spec().getMembers().stream().map(Member::getName).toList();
    this.out = new DecisionDraft(s, s.previous());
    this.now = s.now();
  }

  AgentReport report(String member) {
    AgentView v = s.agents().get(member);
    return v == null ? null : v.report();
  }

  VrrpRole role(String member) {
    AgentReport r = report(member);
    return r == null || r.getRole() == null ? VrrpRole.UNKNOWN : r.getRole();
  }

  boolean leaseFresh(String member) {
    AgentView v = s.agents().get(member);
    return v != null && v.leaseFresh();
  }

  /** The member's heartbeat as the listener knows it (rule 14b); unknown without a report. */
  Heartbeat heartbeat(String member) {
    AgentView v = s.agents().get(member);
    return v == null ? Heartbeat.UNKNOWN : v.heartbeat();
  }

  /** The member whose ENI holds the VIP, settled; null when none or a foreign ENI does. */
  String cloudOwner() {
    return s.cloud() instanceof CloudView.OwnedBy o && members.contains(o.member()) ? o.member() : null;
  }

  String peerOf(String member) {
    return members.stream().filter(m -> !m.equals(member)).findFirst().orElseThrow();
  }

  String firstNonMember(String... names) {
    for (String n : names) {
      if (n != null && !members.contains(n)) {
        return n;
      }
    }
    return null;
  }

  /** The first parseable time of the two, else now. */
  Instant firstTime(String preferred, String fallback) {
    Instant t = parseTime(preferred);
    if (t == null) {
      t = parseTime(fallback);
    }
    return t != null ? t : now;
  }

  /** Same pair, member and instant → same nonce, so a decision can be replayed exactly. */
  String nonce(String member) {
    String seed = s.namespace() + "/" + s.name() + "/" + member + "/" + now;
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
