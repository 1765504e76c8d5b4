package io.vippair.operator.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.Conditions;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.failover.StatusConditions;
import java.time.Instant;
import java.util.List;

/**
 * Writes the operator-owned status fields with one JSON merge patch on the /status subresource.
 * Fields the decision leaves null are sent as explicit nulls (so they are cleared); status.agents
 * is never sent, so the agents' reports cannot be clobbered. Nothing is sent when the fields
 * already have those values.
 */
final class StatusPublisher {

  /** Every field of {@link VipPairStatus} except agents, from the API type itself. */
  static final List<String> OPERATOR_FIELDS = VipPairStatus.operatorOwnedFields();

  /** The Ready reason of a reconcile that threw. */
  static final String RECONCILE_ERROR = "ReconcileError";
  private static final int MAX_MESSAGE = 300;

  private final KubernetesClient client;

  StatusPublisher(KubernetesClient client) {
    this.client = client;
  }

  /** The fields to write for this status, with explicit nulls; never contains agents. */
  static ObjectNode operatorFields(VipPairStatus status) {
    JsonNode all = Json.tree(status);
    ObjectNode fields = Json.object();
    for (String f : OPERATOR_FIELDS) {
      JsonNode v = all.isObject() ? all.get(f) : null;
      fields.set(f, v == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : v);
    }
    return fields;
  }

  /**
   * Patches the pair's status to the given operator-owned fields unless they already hold them.
   *
   * @return the pair as the API server answered, or null when nothing was sent
   */
  VipPair publish(VipPair current, VipPairStatus wanted) {
    ObjectNode target = operatorFields(wanted);
    if (target.equals(operatorFields(current.getStatus()))) {
      return null;
    }
    ObjectNode body = Json.object();
    body.set("status", target);
    // resource(current) carries the object, so fabric8 sends the PATCH at once (with only a name it
    // would GET the object first); the URL has no query string, which the mock API server needs.
    return client.resource(current).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(body));
  }

  /**
   * Writes Ready=False/ReconcileError naming the exception, leaving every other field as it is.
   *
   * @return the pair as the API server answered, or null when nothing was sent
   */
  VipPair publishError(VipPair current, Exception e, Instant now) {
    VipPairStatus wanted = current.getStatus() == null ? new VipPairStatus() : current.getStatus().copyOperatorFields();
    String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (what.length() > MAX_MESSAGE) {
      what = what.substring(0, MAX_MESSAGE) + "...";
    }
    long generation = current.getMetadata().getGeneration() == null ? 0 : current.getMetadata().getGeneration();
    StatusConditions.set(wanted.getConditions(), Conditions.READY, StatusConditions.FALSE, RECONCILE_ERROR,
        "the operator failed to reconcile this pair and retries with back-off: " + what, generation, now);
    return publish(current, wanted);
  }
}
