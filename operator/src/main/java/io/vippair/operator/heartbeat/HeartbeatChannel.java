package io.vippair.operator.heartbeat;

import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.common.config.BadSetting;
import io.vippair.common.heartbeat.HeartbeatKeys;
import io.vippair.operator.OperatorSettings;
import io.vippair.operator.failover.Heartbeat;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

/**
 * The heartbeat channel of one operator replica: its book and its listener, or nothing when
 * {@code --heartbeat-key-file} is not set (then every member's heartbeat is unknown and the
 * status probe decides alone, as before).
 */
public final class HeartbeatChannel implements AutoCloseable {
  private static final HeartbeatChannel OFF = new HeartbeatChannel(null, null);

  private final HeartbeatBook book;
  private final HeartbeatListener listener;

  private HeartbeatChannel(HeartbeatBook book, HeartbeatListener listener) {
    this.book = book;
    this.listener = listener;
  }

  /** Binds the UDP port when heartbeats are configured; a port in use is a {@link BadSetting}. */
  public static HeartbeatChannel start(OperatorSettings.Heartbeats settings, String host, Clock clock, MeterRegistry registry) {
    if (settings == null) {
      return OFF;
    }
    byte[] key;
    try {
      key = HeartbeatKeys.readMasterKey(settings.keyFile(), "--heartbeat-key-file");
    } catch (IllegalArgumentException e) {
      throw new BadSetting(e.getMessage());
    }
    var book = new HeartbeatBook(key, settings.deadAfter());
    try {
      return new HeartbeatChannel(book, HeartbeatListener.start(host, settings.port(), book, clock, registry));
    } catch (IOException e) {
      throw new BadSetting("cannot listen for heartbeats on udp " + host + ":" + settings.port() + " (" + e.getMessage()
          + "); choose a free port with --heartbeat-port");
    }
  }

  /** What the decision may know of a member's agent; unknown when heartbeats are off. */
  public Heartbeat view(String member, Instant now) {
    return book == null ? Heartbeat.UNKNOWN : book.view(member, now);
  }

  /** The book, or null when heartbeats are off. */
  public HeartbeatBook book() {
    return book;
  }

  public int port() {
    return listener == null ? 0 : listener.port();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close();
    }
  }
}
