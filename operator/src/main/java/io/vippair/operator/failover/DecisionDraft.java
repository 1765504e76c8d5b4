package io.vippair.operator.failover;

import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The decision being built in one round: the operator-owned status (starting from the previous
 * one), the events, and the findings that the phase and the Ready condition summarise.
 */
final class DecisionDraft {

  /** Something that keeps the pair from being Ready, and the phase it implies. */
  record Finding(Phase phase, String reason, String message) {}

  /**
   * Phase precedence, most urgent first: what needs a person (Error), then the split brain, then
   * work in progress (Converging), then a pair that works but needs attention (Degraded), then a
   * pair that has not started yet (Pending). Ready only when there is no finding at all.
   */
  static final List<Phase> PRECEDENCE = List.of(Phase.Error, Phase.SplitBrain, Phase.Converging, Phase.Degraded, Phase.Pending);

  final VipPairStatus status;
  final List<PairEvent> events = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private final long generation;
  private final Instant now;
  CloudAction action = CloudAction.NONE;
  Duration recheck;
  FailoverCompleted completed;
  boolean releaseFinalizer;

  DecisionDraft(PairSnapshot s, VipPairStatus startFrom) {
    this.generation = s.generation();
    this.now = s.now();
    this.status = operatorFieldsOf(startFrom);
    status.setObservedGeneration(generation);
  }

  /** Sets a condition through the one helper that keeps lastTransitionTime. */
  void set(ConditionValue c) {
    StatusConditions.set(status.getConditions(), c.type(), c.status(), c.reason(), c.message(), generation, now);
  }

  /** Removes a condition that is present only while it holds (Paused). */
  void remove(String type) {
    status.getConditions().removeIf(c -> type.equals(c.getType()));
  }

  /** When the condition of this type last changed status (now when it never existed). */
  Instant conditionSince(String type) {
    var c = StatusConditions.find(status.getConditions(), type);
    Instant t = c == null ? null : StatusConditions.parseTime(c.getLastTransitionTime());
    return t != null ? t : now;
  }

  void problem(Phase phase, String reason, String message) {
    findings.add(new Finding(phase, reason, message));
  }

  void event(boolean warning, String reason, String message) {
    events.add(new PairEvent(warning, reason, message));
  }

  /** Asks to decide again within d; the earliest request wins. */
  void recheckIn(Duration d) {
    Duration atLeast = d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    if (recheck == null || atLeast.compareTo(recheck) < 0) {
      recheck = atLeast;
    }
  }

  /** Sums the findings up into phase and Ready, and returns the decision. */
  Decision finish(String readyMessage) {
    Finding top = findings.stream()
        .min(Comparator.comparingInt(f -> PRECEDENCE.indexOf(f.phase())))
        .orElse(null);
    if (top == null) {
      status.setPhase(Phase.Ready);
      set(ConditionValue.Ready.followsMaster(readyMessage));
    } else {
      status.setPhase(top.phase());
      String all = findings.stream().map(Finding::message).distinct().collect(Collectors.joining("; "));
      set(ConditionValue.Ready.notReady(top.reason(), all));
    }
    return toDecision();
  }

  /** The decision as drafted, without summarising again (phase and Ready set by the caller). */
  Decision toDecision() {
    return new Decision(action, status, events, recheck, completed, releaseFinalizer);
  }

  /** A copy of the operator-owned fields; agents stays null, as the controller never writes it. */
  static VipPairStatus operatorFieldsOf(VipPairStatus from) {
    return from == null ? emptyOperatorFields() : from.copyOperatorFields();
  }

  private static VipPairStatus emptyOperatorFields() {
    VipPairStatus out = new VipPairStatus();
    out.setAgents(null);
    return out;
  }
}
