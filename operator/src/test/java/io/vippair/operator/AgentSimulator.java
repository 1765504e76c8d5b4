package io.vippair.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node agents as the operator sees them, without keepalived: each member's Lease, its report in
 * status.agents.<member> (a JSON merge patch of only that key, on its own client, as the real
 * agent does) and its answers to liveness probes, which a test can switch off per member to play
 * a dead agent. The real agent is tested in its own module and in the lab; here the subject is
 * the operator.
 */
final class AgentSimulator implements AutoCloseable {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;
  private final String leaseNamespace;
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final Map<String, String> lastAck = new ConcurrentHashMap<>();
  private final AtomicLong probesAnswered = new AtomicLong();
  private SharedIndexInformer<VipPair> informer;

  AgentSimulator(KubernetesClient client, String leaseNamespace) {
    this.client = client;
    this.leaseNamespace = leaseNamespace;
  }

  /** Creates or renews the member's Lease now. */
  void renewLease(String member, int durationSeconds) {
    Lease lease = new LeaseBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(Contract.agentLeaseName(member)).withNamespace(leaseNamespace)
            .addToLabels(Contract.AGENT_LEASE_LABEL, member).build())
        .withNewSpec().withHolderIdentity(member).withLeaseDurationSeconds(durationSeconds)
        .withRenewTime(Instant.now().atZone(ZoneOffset.UTC)).endSpec()
        .build();
    client.resource(lease).createOr(existing -> existing.update());
  }

  void deleteLease(String member) {
    client.leases().inNamespace(leaseNamespace).withName(Contract.agentLeaseName(member)).delete();
  }

  /** Writes the member's full report into status.agents.<member>, with only that key in the patch. */
  void report(VipPair pair, String member, VrrpRole role) {
    AgentReport r = new AgentReport();
    r.setRole(role);
    String now = Instant.now().toString();
    r.setSince(now);
    r.setReportedAt(now);
    r.setObservedGeneration(pair.getMetadata().getGeneration() == null ? 1L : pair.getMetadata().getGeneration());
    r.setConfigHash("sim");
    r.setHealthy(true);
    r.setFenced(false);
    r.setAgentVersion("simulated");
    r.setKeepalivedVersion("2.2.7");
    r.setAck(lastAck.get(key(pair.getMetadata().getNamespace(), pair.getMetadata().getName(), member)));
    patchAgent(pair.getMetadata().getNamespace(), pair.getMetadata().getName(), member, JSON.asJson(r));
  }

  /** Patches some fields of the member's report (JSON object text), as a partial update. */
  void patchReport(VipPair pair, String member, String fieldsJson) {
    patchAgent(pair.getMetadata().getNamespace(), pair.getMetadata().getName(), member, fieldsJson);
  }

  /** From now on the member's agent ignores probes (a dead VM, as the operator sees it). */
  void silence(String member) {
    silent.add(member);
  }

  void unsilence(String member) {
    silent.remove(member);
  }

  long probesAnswered() {
    return probesAnswered.get();
  }

  /** Starts answering probes for every member that is not silenced, at once, like a live agent. */
  AgentSimulator answeringProbes() {
    informer = client.resources(VipPair.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(VipPair pair) {
        answer(pair);
      }

      @Override
      public void onUpdate(VipPair before, VipPair pair) {
        answer(pair);
      }

      @Override
      public void onDelete(VipPair pair, boolean unknown) {}
    });
    return this;
  }

  private void answer(VipPair pair) {
    var status = pair.getStatus();
    if (status == null || status.getProbe() == null || status.getAgents() == null) {
      return;
    }
    String member = status.getProbe().getMember();
    String nonce = status.getProbe().getNonce();
    String key = key(pair.getMetadata().getNamespace(), pair.getMetadata().getName(), member);
    if (member == null || nonce == null || silent.contains(member) || !status.getAgents().containsKey(member)
        || nonce.equals(lastAck.get(key))) {
      return;
    }
    lastAck.put(key, nonce);
    patchAgent(pair.getMetadata().getNamespace(), pair.getMetadata().getName(), member,
        "{\"ack\":\"" + nonce + "\",\"reportedAt\":\"" + Instant.now() + "\"}");
    probesAnswered.incrementAndGet();
  }

  private void patchAgent(String namespace, String name, String member, String reportJson) {
    VipPair ref = new VipPair();
    ref.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    String body = "{\"status\":{\"agents\":{\"" + member + "\":" + reportJson + "}}}";
    client.resource(ref).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }

  private static String key(String namespace, String name, String member) {
    return namespace + "/" + name + "/" + member;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
