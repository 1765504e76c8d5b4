package io.vippair.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.common.config.BadSetting;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * /metrics (Prometheus text) and health endpoints of a process on one port, with the JDK's own
 * HTTP server. Each health path answers 200 when its check is ok and 503 otherwise, with the
 * check's detail as the body. Two threads, so a slow health check does not hold up a scrape.
 */
public final class MetricsServer implements AutoCloseable {

  /** What a health endpoint answers: ok → 200, else 503; detail is the body. */
  public record Health(boolean ok, String detail) {
    public static Health ok(String detail) {
      return new Health(true, detail);
    }

    /** Ready unless there is a reason not to be (null = ready). */
    public static Health unlessReason(String notReadyReason) {
      return notReadyReason == null ? new Health(true, "ready") : new Health(false, notReadyReason);
    }
  }

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds host:port (port 0 picks a free one) and serves /metrics and one path per check, e.g.
   * {@code Map.of("/healthz", ..., "/readyz", ...)}.
   */
  public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
      Map<String, Supplier<Health>> checks) throws IOException {
    var address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UnknownHostException(host + " does not resolve to an address of this machine");
    }
    HttpServer server = HttpServer.create(address, 16);
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, registry.scrape()));
    checks.forEach((path, check) -> server.createContext(path, ex -> {
      Health h = check.get();
      respond(ex, h.ok() ? 200 : 503, "text/plain; charset=utf-8", h.detail() + "\n");
    }));
    server.start();
    return new MetricsServer(server, executor);
  }

  /** The one-line error for a failed {@link #start}: {@code where} names the flags and their values. */
  public static BadSetting cannotListen(String where, IOException e) {
    return new BadSetting(where + ": cannot listen there (" + e.getClass().getSimpleName() + ": " + e.getMessage()
        + "); give an address of this machine and a free port");
  }

  /** Adds a GET path answering JSON when ok (200), else 503 with the detail as text (e.g. Prometheus HTTP SD). */
  public void json(String path, Supplier<Health> body) {
    server.createContext(path, ex -> {
      Health h = body.get();
      respond(ex, h.ok() ? 200 : 503, h.ok() ? "application/json" : "text/plain; charset=utf-8", h.detail() + "\n");
    });
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, "HEAD".equals(method) ? -1 : bytes.length);
      if (!"HEAD".equals(method)) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
