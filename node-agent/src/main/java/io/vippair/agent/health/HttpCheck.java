package io.vippair.agent.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;

/** Healthy when GET http://ip:port/path answers 2xx or 3xx within the timeout (redirects not followed). */
public record HttpCheck(String ip, int port, String path, Duration timeout) implements HealthCheck {
  @Override
  public CheckResult run() {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create("http://" + ip + ":" + port + path).toURL().openConnection(Proxy.NO_PROXY);
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      int status = connection.getResponseCode();
      try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          body.readNBytes(4096); // lets the connection be reused; the body itself does not matter
        }
      }
      return status >= 200 && status < 400
          ? CheckResult.pass(describe() + " answered " + status)
          : CheckResult.fail(describe() + " answered " + status);
    } catch (IOException | IllegalArgumentException e) {
      return CheckResult.fail(describe() + " failed: " + e.getMessage());
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  @Override
  public String describe() {
    return "http GET http://" + ip + ":" + port + path;
  }
}
