package io.vippair.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.LastFailover;
import io.vippair.api.v1alpha1.Migration;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What `vippair why` prints: the operator's last decision for a pair and the rules of
 * docs/operator-decision.md behind it, read back from what the operator publishes (status,
 * conditions' reasons and messages, events). The operator publishes no rule number, so the
 * rules come from the reasons through {@link DecisionRules#RULES_OF_REASON}.
 */
public final class WhyView {
  private WhyView() {}

  public static String explain(VipPair p, List<Event> events, DecisionRules rules, Instant now) {
    VipPairStatus s = p.getStatus() == null ? new VipPairStatus() : p.getStatus();
    StringBuilder out = new StringBuilder();
    String phase = s.getPhase() == null ? "Pending" : s.getPhase().name();
    out.append(p.getMetadata().getNamespace()).append('/').append(p.getMetadata().getName()).append(": phase ").append(phase);
    if (s.getObservedGeneration() != null && p.getMetadata().getGeneration() != null
        && s.getObservedGeneration() < p.getMetadata().getGeneration()) {
      out.append(" (the operator has not yet acted on generation ").append(p.getMetadata().getGeneration())
          .append("; it last saw ").append(s.getObservedGeneration()).append(')');
    }
    out.append('\n');
    if (s.getConditions() == null || s.getConditions().isEmpty()) {
      out.append("The operator has not decided anything for this pair yet (no conditions): is it running and does it watch namespace ")
          .append(p.getMetadata().getNamespace()).append("?\n");
      return out.toString();
    }

    Set<String> behind = new LinkedHashSet<>();
    out.append("Decision: ").append(decision(s, behind)).append('\n');
    out.append("Because:\n");
    // the standard conditions first, then any other the operator sets (DuplicateVip)
    List<Condition> conditions = s.getConditions().stream()
        .sorted(java.util.Comparator.comparing((Condition c) -> Conditions.ALL.contains(c.getType())
            ? Conditions.ALL.indexOf(c.getType()) : Conditions.ALL.size()))
        .toList();
    // a reason that several rules give (Held) is narrowed to the rule another condition pins down
    Set<String> pinned = new LinkedHashSet<>(behind);
    for (Condition c : conditions) {
      if (isInteresting(c) && rulesOf(c, s).size() == 1) {
        pinned.addAll(rulesOf(c, s));
      }
    }
    for (Condition c : conditions) {
      List<String> r = rulesOf(c, s);
      if (r.size() > 1 && r.stream().anyMatch(pinned::contains)) {
        r = r.stream().filter(pinned::contains).toList();
      }
      if (isInteresting(c)) {
        behind.addAll(r);
      }
      out.append(String.format("  %s=%s %s%s%s%n", c.getType(), c.getStatus(), c.getReason(),
          r.isEmpty() ? "" : (r.size() == 1 ? " (rule " : " (rules ") + join(r) + ")",
          c.getMessage() == null || c.getMessage().isBlank() ? "" : ": " + c.getMessage()));
    }
    LastFailover f = s.getLastFailover();
    if (f != null) {
      out.append(String.format("Last failover: %s -> %s, %s (rule %s), took %s, %s ago%n", f.getFrom(), f.getTo(), f.getReason(),
          join(DecisionRules.rulesOf(f.getReason())), Timeline.millis(f.getMillis()), Timeline.age(f.getCloudAt(), now)));
    }
    if (!events.isEmpty()) {
      Event last = events.get(events.size() - 1);
      out.append(String.format("Last event: %s %s %s ago: %s%s%n", last.getType(), last.getReason(), Timeline.age(Timeline.when(last), now),
          last.getMessage(), DecisionRules.rulesOf(last.getReason()).isEmpty() ? "" : " (rule " + join(DecisionRules.rulesOf(last.getReason())) + ")"));
    }
    out.append("Rules (docs/operator-decision.md):\n");
    for (String n : behind.stream().sorted(DecisionRules.order()).toList()) {
      DecisionRules.Rule rule = rules.rule(n);
      if (rule != null) {
        out.append(String.format("  %s. %s%n     -> %s%n", n, rule.situation(), rule.action()));
      }
    }
    return out.toString();
  }

  /** The decision in one line, and the rules it follows into behind. */
  private static String decision(VipPairStatus s, Set<String> behind) {
    Migration m = s.getMigration();
    if (m != null) {
      behind.add(m.getTaskId() == null ? "22" : "7"); // no task id yet: the cloud call has not answered
      return "wait: a cloud change is in flight (" + m.getKind() + " " + (m.getSource() == null ? "" : m.getSource() + " -> ")
          + m.getTarget() + ", " + m.getReason() + "); nothing else starts until the cloud confirms it";
    }
    if (s.getFence() != null) {
      behind.add("15");
    }
    Phase phase = s.getPhase();
    if (phase == Phase.Ready) {
      return "nothing to do: the VIP is on the master's ENI (" + s.getCloudOwner() + ")";
    }
    if (phase == Phase.Degraded && s.getMaster() != null && s.getMaster().equals(s.getCloudOwner())) {
      return "nothing to do in the cloud: the VIP is on the master's ENI (" + s.getCloudOwner() + "), but the pair needs attention (below)";
    }
    if (phase == Phase.SplitBrain) {
      return "hold: both members are alive and claim MASTER; the VIP stays on " + s.getCloudOwner()
          + (s.getFence() != null ? ", " + s.getFence().getMember() + " is fenced" : "");
    }
    if (phase == Phase.Error) {
      return "no cloud change until a person acts (see the reasons below)";
    }
    return "hold: no cloud change now (see the reasons below)";
  }

  private static List<String> rulesOf(Condition c, VipPairStatus s) {
    if (!DecisionRules.known(c.getReason()) && Conditions.READY.equals(c.getType()) && "False".equals(c.getStatus())
        && s.getPhase() == Phase.Error) {
      return List.of("5"); // a spec problem the operator found and the table does not list yet
    }
    return DecisionRules.rulesOf(c.getReason());
  }

  private static boolean isInteresting(Condition c) {
    return !"True".equals(c.getStatus()) || !List.of(Conditions.AGENTS_REPORTING, Conditions.CONFIG_APPLIED).contains(c.getType())
        && !"NoSplitBrain".equals(c.getReason());
  }

  private static String join(List<String> rules) {
    return String.join(", ", rules);
  }
}
