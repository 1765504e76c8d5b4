package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vippair.api.v1alpha1.VipPair;
import io.vippair.mockapi.MockApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent enrolled for some namespaces only (its identity is bound in them, nowhere else) must
 * work with that identity: it starts, reports, renews its Lease, and never lists or watches
 * anything cluster-wide, where a real API server would answer 403 forever. The mock API server has
 * no RBAC, so the test asserts the paths of every request the agent process made.
 */
class NamespaceScopedAgentTest {

  @Test
  void anAgentScopedToOneNamespaceReportsWithoutAnyClusterWideRequest(@TempDir Path dir) throws Exception {
    try (MockApiServer api = MockApiServer.start()) {
      api.client().resource(TestPairs.equalPair("db", "mysql", 51)).create();
      api.client().resource(TestPairs.equalPair("web", "nginx", 52)).create(); // not in its namespaces
      Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
      int before = api.requests().size();

      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
          "--member", "cvm-a", "--namespaces", "db", "--keepalived-binary", "/bin/true",
          "--run-dir", dir.resolve("run").toString(), "--metrics-port", "0", "--kubeconfig", kubeconfig.toString()));
      Process agent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
      try {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
          VipPair p = api.client().resources(VipPair.class).inNamespace("db").withName("mysql").get();
          return p.getStatus() != null && p.getStatus().getAgents().containsKey("cvm-a");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> api.requests().stream().skip(before)
            .anyMatch(r -> r.contains("/namespaces/vippair-system/leases")));
      } finally {
        agent.destroy();
        if (!agent.waitFor(20, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      }

      List<String> requests = api.requests().subList(before, api.requests().size());
      assertThat(requests).as("agent log:%n%s", Files.readString(dir.resolve("log")))
          .anyMatch(r -> r.startsWith("GET /apis/vippair.io/v1alpha1/namespaces/db/vippairs?") && r.contains("watch=true"))
          .anyMatch(r -> r.startsWith("PATCH /apis/vippair.io/v1alpha1/namespaces/db/vippairs/mysql/status"));
      assertThat(requests).as("every request stays in the agent's namespaces and its Lease's")
          .allMatch(r -> r.matches("^[A-Z]+ /apis?/[^?]*/namespaces/(db|vippair-system)/.*"));
      assertThat(api.client().resources(VipPair.class).inNamespace("web").withName("nginx").get().getStatus())
          .as("the pair outside its namespaces").matches(s -> s == null || s.getAgents().isEmpty());
    }
  }
}
