package io.vippair.agent.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Healthy when a TCP connection to ip:port opens within the timeout. */
public record TcpCheck(String ip, int port, Duration timeout) implements HealthCheck {
  @Override
  public CheckResult run() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, port), (int) timeout.toMillis());
      return CheckResult.pass(describe() + " accepts connections");
    } catch (IOException e) {
      return CheckResult.fail(describe() + " failed: " + e.getMessage());
    }
  }

  @Override
  public String describe() {
    return "tcp " + ip + ":" + port;
  }
}
