package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vippair.agent.config.AgentSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token rotation needs no agent restart (docs/agent.md, "Tokens and their rotation"): the agent's
 * client, built from --kubeconfig as Main builds it, answers a 401 by reading the kubeconfig file
 * again and retrying with the token it finds there. An API server that accepts only the current
 * token stands in for one whose previous token expired (the mock API server checks no tokens).
 */
class KubeconfigRotationTest {

  @Test
  void aTokenRewrittenInTheKubeconfigIsUsedAfterTheOldOneIsRefused(@TempDir Path dir) throws Exception {
    AtomicReference<String> valid = new AtomicReference<>("token-one");
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext("/", exchange -> {
      String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
      seen.add(auth);
      boolean ok = auth.equals("Bearer " + valid.get());
      byte[] body = (ok
          ? "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"probe\",\"namespace\":\"db\"}}"
          : "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":401,\"reason\":\"Unauthorized\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    try {
      String url = "http://127.0.0.1:" + api.getAddress().getPort();
      Path kubeconfig = dir.resolve("kubeconfig");
      write(kubeconfig, url, "token-one");
      var config = AgentSettings.load(new String[] {"--member", "cvm-a", "--kubeconfig", kubeconfig.toString(),
          "--keepalived-binary", "/bin/true", "--run-dir", dir.resolve("run").toString()}, Map.of());
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Main.clientConfig(config)).build()) {
        assertThat(client.configMaps().inNamespace("db").withName("probe").get()).isNotNull();

        // enrol wrote a new kubeconfig (the copy replaces the file) and the old token expired
        write(kubeconfig, url, "token-two");
        valid.set("token-two");
        assertThat(client.configMaps().inNamespace("db").withName("probe").get())
            .as("the request refused with the old token is retried with the new one").isNotNull();
        assertThat(seen).contains("Bearer token-one", "Bearer token-two");
        assertThat(seen.get(seen.size() - 1)).isEqualTo("Bearer token-two");
      }
    } finally {
      api.stop(0);
    }
  }

  private static void write(Path kubeconfig, String url, String token) throws Exception {
    Path tmp = Files.createTempFile(kubeconfig.getParent(), "kubeconfig", ".tmp");
    Files.writeString(tmp, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "%s"}}]
        users: [{name: agent-cvm-a, user: {token: %s}}]
        contexts: [{name: vippair, context: {cluster: c, user: agent-cvm-a}}]
        current-context: vippair
        """.formatted(url, token));
    Files.move(tmp, kubeconfig, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
