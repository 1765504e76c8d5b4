package io.vippair.operator.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.common.heartbeat.HeartbeatDatagram;
import io.vippair.common.heartbeat.HeartbeatDatagram.Rejection;
import io.vippair.common.heartbeat.HeartbeatKeys;
import io.vippair.operator.failover.Heartbeat;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HeartbeatBookTest {
  private static final byte[] MASTER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_A = HeartbeatKeys.derive(MASTER, "cvm-a");
  private static final Instant T0 = Instant.parse("2026-12-05T02:00:00Z");

  private final HeartbeatBook book = new HeartbeatBook(MASTER, Duration.ofMillis(500));

  private static Rejection send(HeartbeatBook book, HeartbeatDatagram d, byte[] key, Instant at) {
    byte[] bytes = d.encode(key);
    return book.accept(bytes, bytes.length, at);
  }

  @Test
  void aBeatSignedWithTheMembersDerivedKeyIsAcceptedAndSilenceIsMeasuredFromIt() {
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 7, 1), KEY_A, T0)).isNull();

    assertThat(book.view("cvm-a", T0.plusMillis(300))).isEqualTo(Heartbeat.silentFor(Duration.ofMillis(300)));
    assertThat(book.view("cvm-b", T0)).as("never heard").isEqualTo(Heartbeat.UNKNOWN);
  }

  @Test
  void aMemberCannotSpeakForAnotherAndAWrongMasterKeyIsRejected() {
    assertThat(send(book, new HeartbeatDatagram("cvm-b", 7, 1), KEY_A, T0)).as("cvm-a's key, cvm-b's name")
        .isEqualTo(Rejection.BAD_TAG);
    byte[] other = HeartbeatKeys.derive("another master key of 32 bytes!!".getBytes(StandardCharsets.UTF_8), "cvm-a");
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 7, 1), other, T0)).isEqualTo(Rejection.BAD_TAG);
    assertThat(book.view("cvm-a", T0)).isEqualTo(Heartbeat.UNKNOWN);
  }

  @Test
  void aTamperedOrTruncatedDatagramIsRejected() {
    byte[] bytes = new HeartbeatDatagram("cvm-a", 7, 1).encode(KEY_A);
    bytes[12] ^= 1; // a bit of the boot id
    assertThat(book.accept(bytes, bytes.length, T0)).isEqualTo(Rejection.BAD_TAG);
    byte[] good = new HeartbeatDatagram("cvm-a", 7, 1).encode(KEY_A);
    assertThat(book.accept(good, good.length - 1, T0)).isEqualTo(Rejection.MALFORMED);
    assertThat(book.accept("hello".getBytes(StandardCharsets.UTF_8), 5, T0)).isEqualTo(Rejection.MALFORMED);
    good[4] = 9;
    assertThat(book.accept(good, good.length, T0)).isEqualTo(Rejection.VERSION);
  }

  @Test
  void aReplayedBeatDoesNotRefreshTheSilence() {
    send(book, new HeartbeatDatagram("cvm-a", 7, 1), KEY_A, T0);
    send(book, new HeartbeatDatagram("cvm-a", 7, 2), KEY_A, T0.plusMillis(100));

    assertThat(send(book, new HeartbeatDatagram("cvm-a", 7, 2), KEY_A, T0.plusMillis(400))).isEqualTo(Rejection.REPLAY);
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 7, 1), KEY_A, T0.plusMillis(400))).isEqualTo(Rejection.REPLAY);
    // cvm-b keeps the listener hearing
    send(book, new HeartbeatDatagram("cvm-b", 1, 1), HeartbeatKeys.derive(MASTER, "cvm-b"), T0.plusMillis(600));
    assertThat(book.view("cvm-a", T0.plusMillis(600)).silentFor()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aRestartedAgentIsHeardAtOnceAndItsOldBootCannotBeReplayed() {
    send(book, new HeartbeatDatagram("cvm-a", 7, 500), KEY_A, T0);
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 8, 1), KEY_A, T0.plusMillis(100))).as("a new boot starts at 1").isNull();
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 7, 400), KEY_A, T0.plusMillis(200))).isEqualTo(Rejection.REPLAY);
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 8, 2), KEY_A, T0.plusMillis(200))).isNull();
  }

  @Test
  void replaysOfManyOldBootsNeverGetTheLiveAgentsBeatsRejected() {
    send(book, new HeartbeatDatagram("cvm-a", 100, 1), KEY_A, T0);
    for (long oldBoot = 1; oldBoot <= 10; oldBoot++) {
      send(book, new HeartbeatDatagram("cvm-a", oldBoot, 50), KEY_A, T0.plusMillis(oldBoot));
    }
    assertThat(send(book, new HeartbeatDatagram("cvm-a", 100, 2), KEY_A, T0.plusMillis(50))).isNull();
  }

  @Test
  void aDeafListenerOrABeatOlderThanAMinuteMakesTheChannelUnknown() {
    send(book, new HeartbeatDatagram("cvm-a", 7, 1), KEY_A, T0);
    assertThat(book.view("cvm-a", T0.plusMillis(501))).as("nobody heard for longer than deafAfter").isEqualTo(Heartbeat.UNKNOWN);

    byte[] keyB = HeartbeatKeys.derive(MASTER, "cvm-b");
    Instant later = T0.plus(Heartbeat.KNOWN_WITHIN).plusSeconds(1);
    send(book, new HeartbeatDatagram("cvm-b", 1, 1), keyB, later);
    assertThat(book.view("cvm-a", later)).as("heard over a minute ago").isEqualTo(Heartbeat.UNKNOWN);
    assertThat(book.view("cvm-b", later).known()).isTrue();
  }

  @Test
  void theBookIsBoundedAndMembersSilentForAMinuteMakeRoom() {
    HeartbeatBook small = new HeartbeatBook(MASTER, Duration.ofMillis(500), 2);
    send(small, new HeartbeatDatagram("m1", 1, 1), HeartbeatKeys.derive(MASTER, "m1"), T0);
    send(small, new HeartbeatDatagram("m2", 1, 1), HeartbeatKeys.derive(MASTER, "m2"), T0);

    assertThat(send(small, new HeartbeatDatagram("m3", 1, 1), HeartbeatKeys.derive(MASTER, "m3"), T0.plusSeconds(1)))
        .isEqualTo(Rejection.UNKNOWN_MEMBER);
    send(small, new HeartbeatDatagram("m2", 1, 2), HeartbeatKeys.derive(MASTER, "m2"), T0.plusSeconds(61));
    assertThat(send(small, new HeartbeatDatagram("m3", 1, 1), HeartbeatKeys.derive(MASTER, "m3"), T0.plusSeconds(62))).isNull();
    assertThat(small.size()).isEqualTo(2);
  }

  @Test
  void theListenerReadsRealDatagramsAndCountsThemByResult() throws Exception {
    var registry = new SimpleMeterRegistry();
    HeartbeatBook live = new HeartbeatBook(MASTER, Duration.ofSeconds(5));
    try (var listener = HeartbeatListener.start("127.0.0.1", 0, live, Clock.systemUTC(), registry);
        var socket = new DatagramSocket()) {
      byte[] good = new HeartbeatDatagram("cvm-a", 7, 1).encode(KEY_A);
      byte[] forged = new HeartbeatDatagram("cvm-a", 7, 2).encode(new byte[32]);
      for (byte[] b : new byte[][] {good, forged}) {
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), listener.port()));
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (registry.counter("vippair.heartbeat.datagrams", "result", "rejected", "reason", "bad_tag").count() < 1
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(registry.counter("vippair.heartbeat.datagrams", "result", "accepted", "reason", "").count()).isEqualTo(1.0);
      assertThat(registry.counter("vippair.heartbeat.datagrams", "result", "rejected", "reason", "bad_tag").count()).isEqualTo(1.0);
      assertThat(live.view("cvm-a", Instant.now()).known()).isTrue();
    }
  }
}
