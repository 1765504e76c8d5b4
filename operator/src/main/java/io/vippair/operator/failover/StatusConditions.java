package io.vippair.operator.failover;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.vippair.api.v1alpha1.StatusTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one way to write a VipPair condition. lastTransitionTime moves only when the status
 * (True/False/Unknown) changes, as kubectl, Argo CD and alerting expect; reason and message may
 * change under an unchanged status without restarting the clock.
 */
public final class StatusConditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private StatusConditions() {}

  /** Sets (adds or replaces in place) the condition of this type in the list. */
  public static void set(
      List<Condition> conditions, String type, String status, String reason, String message, long observedGeneration, Instant now) {
    Condition old = find(conditions, type);
    String since = old != null && Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null
        ? old.getLastTransitionTime()
        : timestamp(now);
    Condition next = new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(observedGeneration)
        .withLastTransitionTime(since)
        .build();
    if (old == null) {
      conditions.add(next);
    } else {
      conditions.set(conditions.indexOf(old), next);
    }
  }

  /** The condition of this type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** A deep copy, so a decision never edits the status it was given. */
  public static List<Condition> copyOf(List<Condition> conditions) {
    List<Condition> copy = new ArrayList<>();
    if (conditions != null) {
      conditions.forEach(c -> copy.add(new ConditionBuilder(c).build()));
    }
    return copy;
  }

  /** The status time format of the whole project: {@link StatusTime#format}. */
  public static String timestamp(Instant t) {
    return StatusTime.format(t);
  }

  /** Parses a status time: {@link StatusTime#parse}. */
  public static Instant parseTime(String value) {
    return StatusTime.parse(value);
  }
}
