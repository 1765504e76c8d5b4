package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.operator.failover.ConditionValue.AgentsReporting;
import io.vippair.operator.failover.ConditionValue.ConfigApplied;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the agents' reports say about the pair itself, before any cloud question: is every agent
 * there and renewing its Lease (AgentsReporting), and does every member run the current
 * generation (ConfigApplied). These findings feed the phase; they never move the VIP.
 * Covered by {@code FailoverDeciderTest.SpecAndConfigRule5}.
 */
final class AgentFindings {
  private AgentFindings() {}

  static void report(PairRound r) {
    agents(r);
    config(r);
  }

  private static void agents(PairRound r) {
    List<String> missing = r.members.stream().filter(m -> !r.s.agents().containsKey(m)).toList();
    List<String> silent = r.members.stream().filter(m -> r.s.agents().containsKey(m) && !r.leaseFresh(m)).toList();
    if (!missing.isEmpty()) {
      String msg = "no report yet from the agent of " + String.join(" and ", missing)
          + ": check that vippair-node-agent runs there with the same --member name";
      r.out.set(AgentsReporting.missing(msg));
      r.out.problem(Phase.Pending, Reasons.AGENT_MISSING, msg);
    } else if (!silent.isEmpty()) {
      String msg = "the agent of " + String.join(" and ", silent) + " has not renewed its Lease "
          + silent.stream().map(Contract::agentLeaseName).collect(Collectors.joining(", "))
          + ": the VM, the agent or its access to the API server may be down";
      r.out.set(AgentsReporting.silent(msg));
      r.out.problem(Phase.Degraded, Reasons.AGENT_SILENT, msg);
    } else {
      r.out.set(AgentsReporting.reporting());
    }
  }

  private static void config(PairRound r) {
    long generation = r.s.generation();
    List<String> rejected = r.members.stream()
        .filter(m -> r.report(m) != null && !isBlank(r.report(m).getConfigError()))
        .map(m -> m + ": " + r.report(m).getConfigError())
        .toList();
    List<String> behind = r.members.stream()
        .filter(m -> r.report(m) != null && behind(r.report(m), generation))
        .map(m -> r.report(m).getObservedGeneration() == null
            ? m + " has not applied any generation yet"
            : m + " runs generation " + r.report(m).getObservedGeneration() + " of " + generation)
        .toList();
    List<String> missing = r.members.stream().filter(m -> r.report(m) == null).map(m -> m + " has not reported").toList();
    if (!rejected.isEmpty()) {
      String msg = "keepalived rejected the configuration of generation " + generation + " (the previous one keeps running): "
          + String.join("; ", rejected) + "; fix the spec";
      r.out.set(ConfigApplied.rejected(msg));
      r.out.problem(Phase.Degraded, Reasons.CONFIG_REJECTED, msg);
    } else if (!behind.isEmpty() || !missing.isEmpty()) {
      String msg = "waiting for the agents to apply generation " + generation + ": "
          + Stream.concat(behind.stream(), missing.stream()).collect(Collectors.joining("; "));
      r.out.set(ConfigApplied.pending(msg));
      if (!behind.isEmpty()) {
        r.out.problem(Phase.Converging, Reasons.CONFIG_PENDING, msg);
      }
    } else {
      r.out.set(ConfigApplied.applied(generation));
    }
  }

  private static boolean behind(AgentReport report, long generation) {
    return report.getObservedGeneration() == null || report.getObservedGeneration() < generation;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
