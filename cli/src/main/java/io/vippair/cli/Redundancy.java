package io.vippair.cli;

import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the pair could fail over right now: both members' agents report, are healthy, not
 * fenced, and in MASTER or BACKUP. Anything else names the member and what is missing.
 */
public final class Redundancy {
  private Redundancy() {}

  /** Empty when redundant; otherwise one "member: problem" per member that cannot take over. */
  public static List<String> gaps(VipPair pair) {
    List<String> gaps = new ArrayList<>();
    var status = pair.getStatus();
    Condition reporting = status == null ? null : status.condition(Conditions.AGENTS_REPORTING);
    for (Member m : pair.getSpec().getMembers()) {
      AgentReport r = status == null || status.getAgents() == null ? null : status.getAgents().get(m.getName());
      if (r == null) {
        gaps.add(m.getName() + ": never reported");
      } else if (reporting != null && "False".equals(reporting.getStatus()) && reporting.getMessage() != null
          && reporting.getMessage().contains(m.getName())) {
        gaps.add(m.getName() + ": " + (reporting.getReason() == null ? "not reporting" : silentWord(reporting.getReason())));
      } else if (Boolean.TRUE.equals(r.getFenced())) {
        gaps.add(m.getName() + ": fenced");
      } else if (Boolean.FALSE.equals(r.getHealthy())) {
        gaps.add(m.getName() + ": unhealthy");
      } else if (r.getRole() != VrrpRole.MASTER && r.getRole() != VrrpRole.BACKUP) {
        gaps.add(m.getName() + ": " + (r.getRole() == null ? "no role" : r.getRole().name()));
      }
    }
    return gaps;
  }

  private static String silentWord(String reason) {
    return switch (reason) {
      case "AgentSilent" -> "silent";
      case "AgentMissing" -> "never reported";
      default -> reason;
    };
  }

  /** "yes" or "NO (cvm-b: silent)". */
  public static String summary(VipPair pair) {
    List<String> gaps = gaps(pair);
    return gaps.isEmpty() ? "yes" : "NO (" + String.join(", ", gaps) + ")";
  }
}
