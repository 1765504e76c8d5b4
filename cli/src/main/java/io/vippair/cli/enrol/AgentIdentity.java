package io.vippair.cli.enrol;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.vippair.api.v1alpha1.Contract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of one VM agent's identity: ServiceAccount vippair-agents/agent-MEMBER;
 * a Role and RoleBinding that let it renew only its own Lease in vippair-system; and the ClusterRole
 * vippair-agent (deploy/agent/cluster) bound in each of its namespaces, or cluster-wide for
 * "all". No token Secret: tokens are requested with an expiry (TokenRequest).
 *
 * <p>deploy/agent/create-agent-identity.sh --print writes the same objects; a test compares them.
 */
public final class AgentIdentity {
  public static final String AGENT_NAMESPACE = "vippair-agents";
  public static final String LEASE_NAMESPACE = "vippair-system";
  /** Every object of a member's identity carries this label with the member's name. */
  public static final String AGENT_LABEL = Contract.AGENT_LEASE_LABEL;
  static final String CLUSTER_ROLE = "vippair-agent";

  private AgentIdentity() {}

  public static String bindingName(String member) {
    return "vippair-agent-" + member;
  }

  /** The objects, in the order they are applied (the ServiceAccount first). */
  public static List<HasMetadata> objects(Vm vm) {
    String member = vm.member();
    Map<String, String> labels = labels(member);
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new ServiceAccountBuilder().withNewMetadata().withName(vm.serviceAccount()).withNamespace(AGENT_NAMESPACE)
        .withLabels(labels).endMetadata().build());
    objects.add(new RoleBuilder().withNewMetadata().withName(bindingName(member)).withNamespace(LEASE_NAMESPACE)
        .withLabels(labels).endMetadata()
        .addNewRule().withApiGroups("coordination.k8s.io").withResources("leases")
        .withResourceNames(Contract.agentLeaseName(member)).withVerbs("get", "update").endRule()
        .build());
    objects.add(new RoleBindingBuilder().withNewMetadata().withName(bindingName(member)).withNamespace(LEASE_NAMESPACE)
        .withLabels(labels).endMetadata()
        .withRoleRef(new RoleRefBuilder().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(bindingName(member)).build())
        .withSubjects(subject(vm))
        .build());
    RoleRef agentRole = new RoleRefBuilder().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(CLUSTER_ROLE).build();
    if (vm.allNamespaces()) {
      objects.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(bindingName(member)).withLabels(labels).endMetadata()
          .withRoleRef(agentRole).withSubjects(subject(vm)).build());
    }
    for (String ns : vm.namespaces()) {
      objects.add(new RoleBindingBuilder().withNewMetadata().withName(bindingName(member)).withNamespace(ns)
          .withLabels(labels).endMetadata()
          .withRoleRef(agentRole).withSubjects(subject(vm)).build());
    }
    return objects;
  }

  static Map<String, String> labels(String member) {
    return Map.of("app.kubernetes.io/part-of", "vippair", AGENT_LABEL, member);
  }

  private static Subject subject(Vm vm) {
    return new SubjectBuilder().withKind("ServiceAccount").withName(vm.serviceAccount()).withNamespace(AGENT_NAMESPACE).build();
  }
}
