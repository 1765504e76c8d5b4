package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vippair.agent.TestPairs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden files: the exact keepalived.conf for known pairs. Run with -Dvippair.golden.write=true to
 * rewrite them after a deliberate change (and review the diff).
 */
class ConfigRendererTest {
  private final ConfigRenderer renderer = new ConfigRenderer("cvm-a", Path.of("/run/vippair/notify.fifo"), Path.of("/run/vippair/track"));

  @Test
  void rendersAnEqualPair() throws Exception {
    var settings = PairSettings.of(TestPairs.equalPair("db", "mysql-prod", 51), "cvm-a");
    assertGolden("equal.conf", renderer.render(List.of(settings)).text());
  }

  @Test
  void rendersPreferredPairsForBothSidesAndSortsThem() throws Exception {
    var preferredHere = PairSettings.of(TestPairs.preferred(TestPairs.equalPair("web", "nginx", 7), "cvm-a", 5), "cvm-a");
    var preferredThere = PairSettings.of(TestPairs.preferred(TestPairs.equalPair("cache", "redis.main", 8), "cvm-b", 30), "cvm-a");
    var fast = TestPairs.equalPair("db", "fast", 9);
    fast.getSpec().getVrrp().setAdvertIntervalMillis(250);
    var fastSettings = PairSettings.of(fast, "cvm-a");
    String text = renderer.render(List.of(preferredHere, preferredThere, fastSettings)).text();
    assertGolden("three-pairs.conf", text);
    // deterministic: order of input does not matter
    assertThat(renderer.render(List.of(fastSettings, preferredThere, preferredHere)).text()).isEqualTo(text);
  }

  @Test
  void theOtherMemberRendersTheMirrorImage() throws Exception {
    var settings = PairSettings.of(TestPairs.equalPair("db", "mysql-prod", 51), "cvm-b");
    String text = new ConfigRenderer("cvm-b", Path.of("/run/vippair/notify.fifo"), Path.of("/run/vippair/track"))
        .render(List.of(settings)).text();
    assertThat(text).contains("interface eth1", "unicast_src_ip 10.0.1.16", "        10.0.1.17\n", "10.0.1.100/32 dev eth1");
  }

  @Test
  void pairHashChangesOnlyWithThatPair() throws Exception {
    var a = PairSettings.of(TestPairs.equalPair("db", "a", 1), "cvm-a");
    var b = PairSettings.of(TestPairs.equalPair("db", "b", 2), "cvm-a");
    var b2pair = TestPairs.equalPair("db", "b", 2);
    b2pair.getSpec().getVrrp().setAdvertIntervalMillis(200);
    var b2 = PairSettings.of(b2pair, "cvm-a");
    var before = renderer.render(List.of(a, b)).pairHashes();
    var after = renderer.render(List.of(a, b2)).pairHashes();
    assertThat(after.get(a.key())).isEqualTo(before.get(a.key()));
    assertThat(after.get(b.key())).isNotEqualTo(before.get(b.key())).hasSize(12);
  }

  @Test
  void advertIntervalInSeconds() {
    assertThat(ConfigRenderer.seconds(1000)).isEqualTo("1");
    assertThat(ConfigRenderer.seconds(100)).isEqualTo("0.1");
    assertThat(ConfigRenderer.seconds(250)).isEqualTo("0.25");
    assertThat(ConfigRenderer.seconds(10000)).isEqualTo("10");
  }

  @Test
  void refusesUnsafeValuesEvenIfTheyBypassValidation() {
    // a PairSettings built directly, as a future bug could: the renderer is the last line of defence
    var hostile = new PairSettings(new PairKey("db", "x"), 1, "eth0\n}\nvrrp_script evil {", "10.0.0.1", "10.0.0.2",
        "10.0.0.3", 5, 1000, 100, null);
    assertThatThrownBy(() -> renderer.render(List.of(hostile))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsafe");
  }

  static void assertGolden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("vippair.golden.write")) {
      Path file = Path.of("src/test/resources/golden", name);
      Files.writeString(file, actual);
      return;
    }
    try (InputStream in = ConfigRendererTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
