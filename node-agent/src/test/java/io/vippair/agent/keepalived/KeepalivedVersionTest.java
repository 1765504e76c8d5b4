package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vippair.agent.TestPairs;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.lab.Netns;
import io.vippair.common.config.BadSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The keepalived releases fleets run (Ubuntu 20.04: 2.0.19, RHEL 8: 2.1.5, Ubuntu 22.04: 2.2.4,
 * Debian 12: 2.2.7, RHEL 9: 2.2.8, current: 2.3.x): one golden keepalived.conf each, with only the
 * keywords that release parses, and a refusal below the minimum.
 */
class KeepalivedVersionTest {
  static final List<String> FLEET = List.of("2.0.19", "2.1.5", "2.2.4", "2.2.7", "2.2.8", "2.3.4");

  /** An equal pair and a preferred one with a fast advert: every keyword the renderer writes. */
  private static String render(String version) throws Exception {
    var equal = PairSettings.of(TestPairs.equalPair("db", "mysql-prod", 51), "cvm-a");
    var fast = TestPairs.preferred(TestPairs.equalPair("web", "nginx", 7), "cvm-a", 5);
    fast.getSpec().getVrrp().setAdvertIntervalMillis(250);
    var renderer = new ConfigRenderer("cvm-a", Path.of("/run/vippair/notify.fifo"), Path.of("/run/vippair/track"),
        KeepalivedVersion.parse(version).orElseThrow());
    return renderer.render(List.of(equal, PairSettings.of(fast, "cvm-a"))).text();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0.19", "2.1.5", "2.2.4", "2.2.7", "2.2.8", "2.3.4"})
  void rendersOnlyWhatEachFleetReleaseParses(String version) throws Exception {
    ConfigRendererTest.assertGolden("keepalived-" + version + ".conf", render(version));
  }

  @Test
  void keywordsAppearAtTheirFirstRelease() throws Exception {
    assertThat(render("2.0.19")).contains("vrrp_track_file VP_db_mysql-prod_health {")
        .doesNotContain("\ntrack_file VP_", "check_unicast_src", "fifo_write_vrrp_states_on_reload");
    assertThat(render("2.1.5")).contains("\ntrack_file VP_db_mysql-prod_health {", "check_unicast_src")
        .doesNotContain("vrrp_track_file", "fifo_write_vrrp_states_on_reload");
    assertThat(render("2.2.4")).doesNotContain("fifo_write_vrrp_states_on_reload");
    assertThat(render("2.2.7")).contains("fifo_write_vrrp_states_on_reload", "check_unicast_src");
    // what the agent renders is the same from 2.2.7 on; the newest-release default equals it
    assertThat(render("2.3.4")).isEqualTo(render("2.2.7")).isEqualTo(render("2.2.8"));
  }

  @Test
  void parsesWhatTheBinaryAndDistributionsSay() {
    assertThat(KeepalivedVersion.parse("2.2.7")).contains(new KeepalivedVersion(2, 2, 7));
    assertThat(KeepalivedVersion.parse("2.3")).contains(new KeepalivedVersion(2, 3, 0));
    assertThat(KeepalivedVersion.parse("2.0.19-dirty")).contains(new KeepalivedVersion(2, 0, 19));
    assertThat(KeepalivedVersion.parse("unknown")).isEmpty();
    assertThat(KeepalivedVersion.orNewest("unknown")).isEqualTo(KeepalivedVersion.NEWEST_KNOWN);
    assertThat(new KeepalivedVersion(2, 0, 19).compareTo(new KeepalivedVersion(2, 0, 7))).isPositive();
    assertThat(new KeepalivedVersion(2, 1, 0).atLeast(new KeepalivedVersion(2, 0, 19))).isTrue();
  }

  @Test
  void refusesAReleaseOlderThanTheMinimumNamingBoth() {
    CommandRunner old = (command, timeout) -> new CommandRunner.Result(0, "Keepalived v1.3.5 (03/19,2017), git commit v1.3.5-6", false);
    assertThatThrownBy(() -> KeepalivedVersion.of(Path.of("/usr/sbin/keepalived"), old))
        .isInstanceOf(KeepalivedVersion.UnsupportedKeepalivedException.class)
        .isInstanceOf(BadSetting.class) // Main: status 2 and this one line, keepalived not started
        .hasMessageContaining("keepalived 1.3.5 (/usr/sbin/keepalived) is older than 2.0.7")
        .hasMessageContaining("Install keepalived 2.0.7 or newer");
    assertThatThrownBy(() -> KeepalivedVersion.requireSupported(Path.of("k"), "2.0.6"))
        .hasMessageContaining("keepalived 2.0.6 (k) is older than 2.0.7");
  }

  @Test
  void acceptsTheMinimumAndWhatItCannotRead() {
    CommandRunner fleet = (command, timeout) -> new CommandRunner.Result(0, "Keepalived v2.0.7 (08/23,2018)", false);
    assertThat(KeepalivedVersion.of(Path.of("/usr/sbin/keepalived"), fleet)).isEqualTo("2.0.7");
    CommandRunner missing = (command, timeout) -> new CommandRunner.Result(127, "No such file", false);
    assertThat(KeepalivedVersion.of(Path.of("/nowhere/keepalived"), missing)).isEqualTo("unknown");
  }

  /**
   * The real keepalived of this machine (2.2.7 in CI) accepts the files rendered for it and for
   * every older release (vrrp_track_file is still a synonym), in a namespace with the interfaces.
   */
  @Test
  void theInstalledKeepalivedAcceptsWhatIsRenderedForItAndOlderReleases(@TempDir Path dir) throws Exception {
    String reason = Netns.unavailableReason();
    assumeTrue(reason == null, reason);
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/keepalived")), "keepalived is not installed");
    var installed = KeepalivedVersion.parse(Netns.sh("/usr/sbin/keepalived", "--version").replaceAll("(?s).*?Keepalived v", ""))
        .orElseThrow();
    String ns = "vpag-" + Integer.toHexString(new Random().nextInt(0x10000)) + "-kv";
    try {
      Netns.sh("ip", "netns", "add", ns);
      Netns.in(ns, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
      Netns.in(ns, "ip", "link", "set", "eth0", "up");
      int checked = 0;
      for (String v : FLEET) {
        if (KeepalivedVersion.parse(v).orElseThrow().compareTo(installed) > 0) {
          continue;
        }
        Path conf = Files.writeString(dir.resolve(v + ".conf"), render(v));
        // throws with keepalived's output when it rejects the file
        Netns.in(ns, "/usr/sbin/keepalived", "-t", "-f", conf.toString());
        checked++;
      }
      assertThat(checked).as("renderings checked by keepalived %s", installed).isPositive();
    } finally {
      Netns.destroy(ns);
    }
  }
}
