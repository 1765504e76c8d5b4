package io.vippair.agent.heartbeat;

import io.vippair.common.heartbeat.HeartbeatDatagram;
import io.vippair.common.heartbeat.HeartbeatKeys;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this agent's heartbeat to every operator replica every interval, on a thread of its own:
 * nothing here waits on or fails the agent's other work (a DNS lookup that hangs delays only the
 * next beat). Each target's name is resolved again every 30 s, so a replica that appears behind a
 * headless Service is reached within 30 s. Errors are logged at most once a minute.
 */
public final class HeartbeatSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatSender.class);
  static final Duration RESOLVE_EVERY = Duration.ofSeconds(30);
  private static final long LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private final HeartbeatConfig config;
  private final String member;
  private final byte[] key;
  private final long boot = new SecureRandom().nextLong();
  private final DatagramSocket socket;
  private final ScheduledExecutorService thread;
  private long sequence;
  private List<InetSocketAddress> addresses = List.of();
  private long resolvedAt;
  private long lastError;

  private HeartbeatSender(HeartbeatConfig config, String member, byte[] key) throws IOException {
    this.config = config;
    this.member = member;
    this.key = key;
    this.socket = new DatagramSocket();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-sender");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts beating; the key file was checked when the configuration was read. A key or socket that
   * fails now is logged and the agent runs without heartbeats (the operator probes, as before):
   * the heartbeat never stops the agent's own work.
   */
  public static AutoCloseable start(HeartbeatConfig config, String member) {
    HeartbeatSender sender;
    try {
      sender = new HeartbeatSender(config, member, HeartbeatKeys.readMemberKey(config.keyFile(), "heartbeat keyFile"));
    } catch (IOException | IllegalArgumentException e) {
      log.error("no heartbeats: {}; the operator will probe this agent instead", e.getMessage());
      return () -> { };
    }
    long every = config.interval().toMillis();
    sender.thread.scheduleAtFixedRate(sender::beat, 0, every, TimeUnit.MILLISECONDS);
    log.info("heartbeats as {} every {} ms to {}", member, every, config.targets());
    return sender;
  }

  /** One beat to every address; never throws (a scheduled task that throws would stop beating). */
  void beat() {
    try {
      if (resolvedAt == 0 || System.nanoTime() - resolvedAt > RESOLVE_EVERY.toNanos()) {
        resolve();
      }
      byte[] bytes = new HeartbeatDatagram(member, boot, ++sequence).encode(key);
      for (InetSocketAddress a : addresses) {
        try {
          socket.send(new DatagramPacket(bytes, bytes.length, a));
        } catch (IOException e) {
          warn("cannot send a heartbeat to " + a + ": " + e);
        }
      }
    } catch (RuntimeException e) {
      warn("heartbeat not sent: " + e);
    }
  }

  private void resolve() {
    resolvedAt = System.nanoTime();
    List<InetSocketAddress> found = new ArrayList<>();
    for (HeartbeatConfig.Target t : config.targets()) {
      try {
        for (InetAddress a : InetAddress.getAllByName(t.host())) {
          found.add(new InetSocketAddress(a, t.port()));
        }
      } catch (UnknownHostException e) {
        warn("cannot resolve heartbeat target " + t + " (" + e.getMessage() + "); keeping its last addresses");
        addresses.stream().filter(a -> a.getPort() == t.port()).forEach(found::add);
      }
    }
    addresses = List.copyOf(found);
  }

  private void warn(String message) {
    long now = System.nanoTime();
    if (lastError == 0 || now - lastError > LOG_EVERY_NANOS) {
      lastError = now;
      log.warn("{} (further heartbeat errors this minute are not logged)", message);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    socket.close();
  }
}
