package io.vippair.agent.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vippair.common.config.BadSetting;
import io.vippair.common.heartbeat.HeartbeatDatagram;
import io.vippair.common.heartbeat.HeartbeatKeys;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatSenderTest {
  private static final byte[] MASTER = "a master key of at least 16 bytes".getBytes(StandardCharsets.UTF_8);
  @TempDir Path dir;

  private Path keyFile(String member) throws Exception {
    Path f = dir.resolve(member + ".key");
    Files.writeString(f, HeartbeatKeys.toText(HeartbeatKeys.derive(MASTER, member)) + "\n");
    return f;
  }

  private static HeartbeatConfig parse(String yaml) throws Exception {
    return HeartbeatConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), "agent.yaml");
  }

  @Test
  void theSectionIsReadWithItsDefaultsAndBadInputNamesTheField() throws Exception {
    Path key = keyFile("cvm-a");
    HeartbeatConfig c = parse("{targets: [op.vippair-system:7470, 10.0.0.1:7471], keyFile: " + key + "}");
    assertThat(c.targets()).extracting(Object::toString).containsExactly("op.vippair-system:7470", "10.0.0.1:7471");
    assertThat(c.interval()).isEqualTo(Duration.ofMillis(100));

    assertThatThrownBy(() -> parse("{targets: [op], keyFile: " + key + "}")).isInstanceOf(BadSetting.class)
        .hasMessageContaining("target 'op' is not host:port");
    assertThatThrownBy(() -> parse("{targets: [op:1], keyFile: " + key + ", intervalMs: 5}")).isInstanceOf(BadSetting.class)
        .hasMessageContaining("intervalMs");
    Path bad = dir.resolve("bad.key");
    Files.writeString(bad, "not a key, and secret");
    assertThatThrownBy(() -> parse("{targets: [op:1], keyFile: " + bad + "}")).isInstanceOf(BadSetting.class)
        .hasMessageContaining("keyFile").hasMessageNotContaining("secret");
    assertThatThrownBy(() -> parse("{targets: [op:1], keyFile: " + key + ", port: 3}")).isInstanceOf(BadSetting.class)
        .hasMessageContaining("unknown key 'port'");
  }

  @Test
  void beatsArriveSignedWithTheMembersKeyAndTheirSequenceGrows() throws Exception {
    try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5000);
      var config = new HeartbeatConfig(List.of(new HeartbeatConfig.Target("127.0.0.1", socket.getLocalPort())), keyFile("cvm-a"),
          Duration.ofMillis(50));
      try (AutoCloseable sender = HeartbeatSender.start(config, "cvm-a")) {
        long boot = 0;
        long last = 0;
        for (int i = 0; i < 3; i++) {
          byte[] buf = new byte[HeartbeatDatagram.MAX_BYTES];
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          socket.receive(p);
          var parsed = HeartbeatDatagram.parse(buf, p.getLength()).ok().orElseThrow();
          assertThat(parsed.verify(HeartbeatKeys.derive(MASTER, "cvm-a"))).isTrue();
          assertThat(parsed.verify(HeartbeatKeys.derive(MASTER, "cvm-b"))).isFalse();
          assertThat(parsed.datagram().member()).isEqualTo("cvm-a");
          assertThat(parsed.datagram().sequence()).isGreaterThan(last);
          assertThat(boot == 0 || boot == parsed.datagram().boot()).isTrue();
          boot = parsed.datagram().boot();
          last = parsed.datagram().sequence();
        }
      }
    }
  }

  @Test
  void anUnresolvableTargetNeitherThrowsNorStopsTheBeatsToTheOthers() throws Exception {
    try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setSoTimeout(5000);
      var config = new HeartbeatConfig(List.of(new HeartbeatConfig.Target("no-such-host.invalid", 7470),
          new HeartbeatConfig.Target("127.0.0.1", socket.getLocalPort())), keyFile("cvm-a"), Duration.ofMillis(50));
      try (AutoCloseable sender = HeartbeatSender.start(config, "cvm-a")) {
        byte[] buf = new byte[HeartbeatDatagram.MAX_BYTES];
        socket.receive(new DatagramPacket(buf, buf.length));
        socket.receive(new DatagramPacket(buf, buf.length));
      }
    }
  }
}
