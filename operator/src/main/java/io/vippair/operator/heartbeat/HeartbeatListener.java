package io.vippair.operator.heartbeat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.common.heartbeat.HeartbeatDatagram;
import io.vippair.common.heartbeat.HeartbeatDatagram.Rejection;
import io.vippair.common.metrics.Metric;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP socket the agents' heartbeats arrive on, read by one daemon thread into a
 * {@link HeartbeatBook}. Every replica listens, leader or not, so a new leader already knows who
 * has been silent. Counts datagrams as {@code vippair_heartbeat_datagrams_total{result, reason}}.
 */
public final class HeartbeatListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatListener.class);
  public static final Metric DATAGRAMS = new Metric("vippair.heartbeat.datagrams",
      "Heartbeat datagrams received from agents, by result (accepted, rejected) and reason");

  private final DatagramSocket socket;
  private final HeartbeatBook book;
  private final Clock clock;
  private final Counter accepted;
  private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
  private final Thread thread;
  private volatile boolean closed;

  private HeartbeatListener(DatagramSocket socket, HeartbeatBook book, Clock clock, MeterRegistry registry) {
    this.socket = socket;
    this.book = book;
    this.clock = clock;
    this.accepted = DATAGRAMS.counter().tag("result", "accepted").tag("reason", "").register(registry);
    for (Rejection r : Rejection.values()) {
      rejected.put(r, DATAGRAMS.counter().tag("result", "rejected").tag("reason", r.label).register(registry));
    }
    this.thread = new Thread(this::receive, "heartbeat-listener");
    thread.setDaemon(true);
  }

  /** Binds host:port (port 0 picks one) and starts reading; an address in use is an IOException. */
  public static HeartbeatListener start(String host, int port, HeartbeatBook book, Clock clock, MeterRegistry registry)
      throws IOException {
    DatagramSocket socket = new DatagramSocket(null);
    try {
      socket.setReceiveBufferSize(1 << 20);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    var listener = new HeartbeatListener(socket, book, clock, registry);
    listener.thread.start();
    log.info("heartbeats from agents on udp {}:{}", host, socket.getLocalPort());
    return listener;
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void receive() {
    byte[] buffer = new byte[HeartbeatDatagram.MAX_BYTES + 1];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    long lastWarning = 0;
    while (!closed) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
        Rejection why = book.accept(buffer, packet.getLength(), clock.instant());
        if (why == null) {
          accepted.increment();
        } else {
          rejected.get(why).increment();
          long now = System.nanoTime();
          if (now - lastWarning > 60_000_000_000L) { // at most one line a minute, whatever a sender floods
            lastWarning = now;
            log.warn("heartbeat datagram from {} rejected ({}); further rejections this minute only counted",
                packet.getAddress().getHostAddress(), why.label);
          }
        }
      } catch (SocketException e) {
        if (!closed) {
          log.error("the heartbeat socket failed; heartbeats are unknown from now on (probes decide): {}", e.toString());
        }
        return;
      } catch (IOException | RuntimeException e) {
        log.warn("heartbeat datagram not read: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
  }
}
