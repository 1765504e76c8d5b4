package io.vippair.mockapi;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vippair.api.v1alpha1.VipPair;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes API for tests, the lab and the demo: fabric8's mock server in CRUD mode with the
 * VipPair CRD loaded. No kube-apiserver binary can run on our machines, so this stands in for
 * one. It does not validate schemas or CEL rules and has no server-side apply; see {@link
 * ApiServerShims} for what it adds so that real clients (JOSDK leader election, kubectl) work.
 */
public final class MockApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MockApiServer.class);

  private final KubernetesMockServer server;
  private final MockWebServer webServer;
  private final KubernetesClient client;
  private final Thread drainer;
  private final RequestLog requests = new RequestLog(10_000);
  private volatile boolean closed;

  private MockApiServer(String host, int port) throws IOException {
    webServer = new MockWebServer();
    var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    var crud = new KubernetesCrudDispatcher();
    server = new KubernetesMockServer(new Context(), webServer, responses, new ApiServerShims(crud, requests), false);
    server.init(InetAddress.getByName(host), port);
    client = newClient();
    client.resource(loadCrd()).create();
    drainer = new Thread(this::drainRecordedRequests, "mock-apiserver-drain");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Starts a server on host:port (port 0 picks a free one) with the VipPair CRD loaded. */
  public static MockApiServer start(String host, int port) {
    try {
      return new MockApiServer(host, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the mock API server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Starts a server on a free loopback port. */
  public static MockApiServer start() {
    return start("127.0.0.1", 0);
  }

  /** The committed VipPair CRD, as shipped in the crds jar. */
  public static CustomResourceDefinition loadCrd() {
    try (InputStream in = VipPair.class.getResourceAsStream(VipPair.CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("VipPair CRD not on the classpath at " + VipPair.CRD_RESOURCE);
      }
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the VipPair CRD: " + e.getMessage(), e);
    }
  }

  /** The server's base URL, for example http://127.0.0.1:40123. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A client owned by the server (closed with it). */
  public KubernetesClient client() {
    return client;
  }

  /** A new, independent client, as another process would have; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig()).build();
  }

  /** Client settings for this server: plain HTTP, a dummy token, no kubeconfig lookup. */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withOauthToken("mock")
        .withNamespace("default")
        .withRequestTimeout(10_000)
        .withConnectionTimeout(5_000)
        // HTTP/1.1, as the operator speaks to http:// servers: the JDK client's cleartext HTTP/2
        // upgrade sometimes never answers the first request (seen creating the CRD at start)
        .withHttp2Disable(true)
        .build();
  }

  /** Writes a kubeconfig for this server to path (for kubectl and for processes). */
  public Path writeKubeconfig(Path path) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: vippair-mock
          cluster:
            server: %s
        users:
        - name: vippair-mock
          user:
            token: mock
        contexts:
        - name: vippair-mock
          context:
            cluster: vippair-mock
            user: vippair-mock
            namespace: default
        current-context: vippair-mock
        """.formatted(url());
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".kubeconfig", ".tmp");
    Files.writeString(tmp, yaml);
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return path;
  }

  /** The method and path (with query) of the last 10,000 requests, oldest first: what clients asked for. */
  public java.util.List<String> requests() {
    return requests.snapshot();
  }

  /** How many requests the server has answered since it started. */
  public int requestCount() {
    return webServer.getRequestCount();
  }

  // The mock keeps every request it receives until someone takes it; without this a long demo or
  // benchmark grows the heap by gigabytes per hour.
  private void drainRecordedRequests() {
    while (!closed) {
      try {
        webServer.takeRequest(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          log.debug("draining recorded requests: {}", e.toString());
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    drainer.interrupt();
    client.close();
    server.destroy();
  }

  /**
   * Runs the server standalone: {@code --host 127.0.0.1 --port 6443 --kubeconfig-out PATH}. Stops
   * on SIGTERM/SIGINT.
   */
  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 0;
    Path kubeconfig = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--host" -> { host = requireValue(a, value); i++; }
        case "--port" -> { port = parsePort(requireValue(a, value)); i++; }
        case "--kubeconfig-out" -> { kubeconfig = Path.of(requireValue(a, value)); i++; }
        default -> {
          System.err.println("unknown argument " + a + "; usage: MockApiServer [--host H] [--port N] [--kubeconfig-out PATH]");
          System.exit(2);
        }
      }
    }
    MockApiServer server = start(host, port);
    if (kubeconfig != null) {
      server.writeKubeconfig(kubeconfig);
    }
    log.info("mock Kubernetes API serving on {} (VipPair CRD loaded){}", server.url(),
        kubeconfig != null ? ", kubeconfig " + kubeconfig : "");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stop.countDown();
    }));
    stop.await();
  }

  private static String requireValue(String flag, String value) {
    if (value == null) {
      System.err.println(flag + " needs a value");
      System.exit(2);
    }
    return value;
  }

  private static int parsePort(String value) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      System.err.println("--port must be a number from 0 to 65535, got '" + value + "'");
      System.exit(2);
      return -1;
    }
  }
}
