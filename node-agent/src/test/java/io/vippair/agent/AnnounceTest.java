package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.agent.keepalived.ConfigRenderer;
import io.vippair.agent.keepalived.InvalidPairException;
import io.vippair.agent.keepalived.PairSettings;
import io.vippair.api.v1alpha1.Announce;
import io.vippair.api.v1alpha1.CloudMode;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode HaVip's announce request (status.announce) from the agent's side: only a request for this
 * member of a pair in mode HaVip counts, and it makes keepalived re-send gratuitous ARP every second
 * (garp_master_refresh, which a reload starts and a reload without it stops: with real keepalived
 * 2.2.7 in the lab's havip-garp-lost scenario) without changing the pair's config hash.
 */
class AnnounceTest {
  @TempDir
  Path dir;

  private static VipPair haVipPair(Announce announce) {
    VipPair pair = TestPairs.equalPair("web", "edge", 9);
    pair.getSpec().getCloud().setMode(CloudMode.HaVip);
    pair.setStatus(new VipPairStatus());
    pair.getStatus().setAnnounce(announce);
    return pair;
  }

  @Test
  void onlyARequestForThisMemberOfAHavipPairCounts() throws Exception {
    assertThat(PairSettings.of(haVipPair(new Announce("cvm-a", "n-1", "2026-01-01T00:00:00.000Z")), "cvm-a")
        .announceNonce()).isEqualTo("n-1");
    assertThat(PairSettings.of(haVipPair(new Announce("cvm-b", "n-1", "2026-01-01T00:00:00.000Z")), "cvm-a")
        .announceNonce()).as("the peer's request").isNull();
    assertThat(PairSettings.of(haVipPair(null), "cvm-a").announceNonce()).isNull();
    VipPair eni = haVipPair(new Announce("cvm-a", "n-1", "2026-01-01T00:00:00.000Z"));
    eni.getSpec().getCloud().setMode(CloudMode.Eni);
    assertThat(PairSettings.of(eni, "cvm-a").announceNonce()).as("gratuitous ARP moves no ENI IP").isNull();
  }

  @Test
  void aHostileNonceIsRefused() {
    VipPair pair = haVipPair(new Announce("cvm-a", "n\"}\nvrrp_script x {", "2026-01-01T00:00:00.000Z"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PairSettings.of(pair, "cvm-a"))
        .isInstanceOf(InvalidPairException.class).hasMessageContaining("status.announce.nonce");
  }

  @Test
  void theRequestAddsTheRefreshButKeepsTheConfigHash() throws Exception {
    var renderer = new ConfigRenderer("cvm-a", dir.resolve("fifo"), dir.resolve("track"));
    PairSettings asked = PairSettings.of(haVipPair(new Announce("cvm-a", "n-1", "2026-01-01T00:00:00.000Z")), "cvm-a");
    PairSettings plain = PairSettings.of(haVipPair(null), "cvm-a");
    var withRefresh = renderer.render(List.of(asked));
    var without = renderer.render(List.of(plain));
    assertThat(withRefresh.text()).contains("garp_master_refresh 1\n", "garp_master_refresh_repeat 1\n");
    assertThat(without.text()).doesNotContain("garp_master_refresh");
    assertThat(withRefresh.pairHashes()).isEqualTo(without.pairHashes());
    assertThat(withRefresh.text()).doesNotContain("n-1");
  }
}
