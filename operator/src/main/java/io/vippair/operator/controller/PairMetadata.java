package io.vippair.operator.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps one label per member on each VipPair ({@code member.vippair.io/<name>: "true"}) so that an
 * agent can watch only its own pairs, and removes labels of members that left the spec.
 */
final class PairMetadata {
  private final KubernetesClient client;

  PairMetadata(KubernetesClient client) {
    this.client = client;
  }

  /** The label changes the pair needs: value "true" to add, null to remove; empty when none. */
  static Map<String, String> labelChanges(VipPair pair) {
    Map<String, String> changes = new TreeMap<>();
    Map<String, String> labels = pair.getMetadata().getLabels() == null ? Map.of() : pair.getMetadata().getLabels();
    for (Member m : pair.getSpec().getMembers()) {
      String key = Contract.memberLabel(m.getName());
      if (!"true".equals(labels.get(key))) {
        changes.put(key, "true");
      }
    }
    for (String key : labels.keySet()) {
      if (key.startsWith(Contract.MEMBER_LABEL_PREFIX)
          && pair.getSpec().member(key.substring(Contract.MEMBER_LABEL_PREFIX.length())) == null) {
        changes.put(key, null);
      }
    }
    return changes;
  }

  /** Removals of every member label: for a pair no agent may run (it yields its VIP to an older pair). */
  static Map<String, String> labelRemovals(VipPair pair) {
    Map<String, String> changes = new TreeMap<>();
    Map<String, String> labels = pair.getMetadata().getLabels() == null ? Map.of() : pair.getMetadata().getLabels();
    labels.keySet().stream().filter(k -> k.startsWith(Contract.MEMBER_LABEL_PREFIX)).forEach(k -> changes.put(k, null));
    return changes;
  }

  /** Applies the member labels with one metadata merge patch; returns the updated pair. */
  VipPair ensureMemberLabels(VipPair pair) {
    return apply(pair, labelChanges(pair));
  }

  /** Removes every member label, so the members' agents stop running the pair; returns the updated pair. */
  VipPair withoutMemberLabels(VipPair pair) {
    return apply(pair, labelRemovals(pair));
  }

  private VipPair apply(VipPair pair, Map<String, String> changes) {
    if (changes.isEmpty()) {
      return pair;
    }
    ObjectNode labels = Json.object();
    changes.forEach((k, v) -> {
      if (v == null) {
        labels.putNull(k);
      } else {
        labels.put(k, v);
      }
    });
    ObjectNode body = Json.object();
    body.putObject("metadata").set("labels", labels);
    return client.resource(pair).patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(body));
  }
}
