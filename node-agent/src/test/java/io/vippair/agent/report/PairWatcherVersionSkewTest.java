package io.vippair.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.mockapi.MockApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An agent one release older than the CRD watches VipPairs that carry fields it does not know in
 * every object (crds' version-skew fixture): its watch keeps working and delivers them.
 */
class PairWatcherVersionSkewTest {

  @Test
  void theWatchDeliversPairsWithUnknownFields() throws Exception {
    String yaml = Files.readString(Path.of("../crds/src/test/resources/version-skew/newer-vippair.yaml"));
    GenericKubernetesResource newer = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    newer.getMetadata().setLabels(Map.of(Contract.memberLabel("cvm-a"), "true"));
    List<VipPair> seen = new CopyOnWriteArrayList<>();
    try (MockApiServer api = MockApiServer.start(); var client = api.client()) {
      client.genericKubernetesResources(VipPair.GROUP + "/" + VipPair.VERSION, "VipPair").inNamespace("db").resource(newer).create();
      try (PairWatcher watcher = PairWatcher.start(client, "cvm-a", List.of("db"), new PairWatcher.Listener() {
        @Override
        public void pairSeen(VipPair pair) {
          seen.add(pair);
        }

        @Override
        public void pairGone(PairKey pair) {}

        @Override
        public void listed(java.util.Set<PairKey> pairs) {}
      })) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(watcher.synced()).isTrue();
        VipPair pair = seen.get(0);
        assertThat(pair.getSpec().getVip().getAddress()).isEqualTo("10.0.1.100");
        assertThat(pair.getSpec().getMembers().get(0).unknownFields()).containsEntry("fromTheFuture", "member-a");

        // and a later change arrives through the watch
        newer.getMetadata().setResourceVersion(null);
        client.genericKubernetesResources(VipPair.GROUP + "/" + VipPair.VERSION, "VipPair").inNamespace("db")
            .withName("from-the-future").edit(r -> {
              ((Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("vrrp"))
                  .put("virtualRouterId", 52);
              return r;
            });
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.get(seen.size() - 1).getSpec().getVrrp().getVirtualRouterId() == 52);
      }
    }
  }
}
