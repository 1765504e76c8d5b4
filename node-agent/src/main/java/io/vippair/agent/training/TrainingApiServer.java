package io.vippair.agent.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway Kubernetes API for the class-archive training ({@code record-class-archive}), on
 * 127.0.0.1 only: just enough of the API for the agent's start path to run as it does against a
 * real server. It lists one example VipPair of the training member and holds a watch open
 * (answering the websocket upgrade with 200, on which fabric8 watches over plain HTTP, as behind
 * kubectl proxy), takes status PATCHes, and serves one Lease that already exists (a restarted
 * agent's case: GET, then PUT). Everything else is a 404 that is counted, so a test sees it.
 */
public final class TrainingApiServer implements AutoCloseable {
  public static final String NAMESPACE = "vippair-training";
  public static final String PAIR = "training";
  private static final String PAIRS = "/apis/" + VipPair.GROUP + "/" + VipPair.VERSION + "/namespaces/" + NAMESPACE + "/vippairs";
  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "training-api");
    t.setDaemon(true);
    return t;
  });
  private final String member;
  private final String pairJson;
  private final Map<String, String> leases = new ConcurrentHashMap<>();
  private final AtomicInteger leaseVersion = new AtomicInteger(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  /** What arrived, for the training's progress and for tests. */
  final List<String> statusPatches = new CopyOnWriteArrayList<>();
  final List<String> unexpected = new CopyOnWriteArrayList<>();
  final AtomicInteger leaseUpdates = new AtomicInteger();
  final AtomicInteger watches = new AtomicInteger();

  private TrainingApiServer(HttpServer server, String member, String leaseNamespace) throws IOException {
    this.server = server;
    this.member = member;
    this.pairJson = json.writeValueAsString(examplePair(member));
    String lease = Contract.agentLeaseName(member);
    leases.put(LEASES + leaseNamespace + "/leases/" + lease, """
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"%s","namespace":"%s","resourceVersion":"1",\
        "labels":{"%s":"%s"}},"spec":{"holderIdentity":"%s","leaseDurationSeconds":30}}"""
        .formatted(lease, leaseNamespace, Contract.AGENT_LEASE_LABEL, member, member));
    server.createContext("/", this::handle);
    server.setExecutor(threads);
  }

  /** Listens on 127.0.0.1, on a port the kernel picks. */
  public static TrainingApiServer start(String member, String leaseNamespace) throws IOException {
    var http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    var api = new TrainingApiServer(http, member, leaseNamespace);
    http.start();
    return api;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A kubeconfig for this server (a token that means nothing: nothing here checks it). */
  public void writeKubeconfig(Path file) throws IOException {
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        clusters: [{name: training, cluster: {server: "%s"}}]
        users: [{name: training, user: {token: training}}]
        contexts: [{name: training, context: {cluster: training, user: training, namespace: %s}}]
        current-context: training
        """.formatted(url(), NAMESPACE));
  }

  /** The pair's keepalived instance name, as in the FIFO lines keepalived writes. */
  public static String instanceName() {
    return "VP_" + NAMESPACE + "_" + PAIR;
  }

  public List<String> statusPatches() {
    return List.copyOf(statusPatches);
  }

  public List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  public int leaseUpdates() {
    return leaseUpdates.get();
  }

  public int watches() {
    return watches.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = String.valueOf(ex.getRequestURI().getQuery());
      String method = ex.getRequestMethod();
      byte[] body = ex.getRequestBody().readAllBytes();
      if (path.equals(PAIRS) && method.equals("GET") && query.contains("watch=true")) {
        watch(ex);
      } else if (path.equals(PAIRS) && method.equals("GET")) {
        send(ex, 200, "{\"apiVersion\":\"" + VipPair.GROUP + "/" + VipPair.VERSION + "\",\"kind\":\"VipPairList\","
            + "\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[" + pairJson + "]}");
      } else if (path.equals(PAIRS + "/" + PAIR + "/status") && method.equals("PATCH")) {
        statusPatches.add(new String(body, StandardCharsets.UTF_8));
        send(ex, 200, pairJson);
      } else if (path.equals(PAIRS + "/" + PAIR) && method.equals("GET")) {
        send(ex, 200, pairJson);
      } else if (leases.containsKey(path) && method.equals("GET")) {
        send(ex, 200, leases.get(path));
      } else if (leases.containsKey(path) && method.equals("PUT")) {
        ObjectNode lease = (ObjectNode) json.readTree(body);
        lease.with("metadata").put("resourceVersion", Integer.toString(leaseVersion.incrementAndGet()));
        leases.put(path, json.writeValueAsString(lease));
        leaseUpdates.incrementAndGet();
        send(ex, 200, leases.get(path));
      } else {
        unexpected.add(method + " " + ex.getRequestURI());
        send(ex, 404, "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404,"
            + "\"message\":\"the class-archive training's API server has no " + path + "\"}");
      }
    }
  }

  /** fabric8 tries a websocket first; a 200 makes it watch over a long-lived HTTP response instead. */
  private void watch(HttpExchange ex) throws IOException {
    // (every request of the JDK's client says "Upgrade: h2c"; only the websocket's has a key)
    if (ex.getRequestHeaders().containsKey("Sec-WebSocket-Key")) {
      send(ex, 200, "");
      return;
    }
    watches.incrementAndGet();
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    out.write("{\"type\":\"BOOKMARK\",\"object\":{\"apiVersion\":\"vippair.io/v1alpha1\",\"kind\":\"VipPair\",\"metadata\":{\"resourceVersion\":\"1\"}}}\n"
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
    try {
      closing.await(); // nothing changes in the training: the watch stays quiet until the server stops
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, int code, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  /** A pair of the training member and a peer; addresses from TEST-NET-1, which no VM uses. */
  private static VipPair examplePair(String member) {
    VipPair vp = new VipPair();
    vp.getMetadata().setName(PAIR);
    vp.getMetadata().setNamespace(NAMESPACE);
    vp.getMetadata().setResourceVersion("1");
    vp.getMetadata().setGeneration(1L);
    vp.getMetadata().setLabels(Map.of(Contract.memberLabel(member), "true", Contract.memberLabel("training-peer"), "true"));
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId("vpc-training");
    spec.setCloud(cloud);
    spec.setVip(new VipSpec("192.0.2.10"));
    spec.setFailover(new FailoverSpec());
    VrrpSpec vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(250);
    spec.setVrrp(vrrp);
    spec.setMembers(List.of(new Member(member, "ins-training1", "eni-training1", "192.0.2.11", vrrpInterface()),
        new Member("training-peer", "ins-training2", "eni-training2", "192.0.2.12", vrrpInterface())));
    vp.setSpec(spec);
    return vp;
  }

  /**
   * An interface keepalived's configuration check accepts (it must exist and not be loopback);
   * only named in the rendered file, which no keepalived loads.
   */
  private static String vrrpInterface() {
    try {
      return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
          .filter(i -> !isLoopback(i)).map(java.net.NetworkInterface::getName).sorted().findFirst().orElse("eth0");
    } catch (java.net.SocketException e) {
      return "eth0";
    }
  }

  private static boolean isLoopback(java.net.NetworkInterface i) {
    try {
      return i.isLoopback();
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
