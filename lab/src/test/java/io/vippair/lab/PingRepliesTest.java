package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingRepliesTest {
  private static Instant at(long ms) {
    return Instant.ofEpochMilli(1_700_000_000_000L + ms);
  }

  @Test
  void readsTheTimestampOfAReplyAndIgnoresEverythingElse() {
    assertThat(PingReplies.parse("[1732233333.123456] 64 bytes from 10.77.1.100: icmp_seq=5 ttl=63 time=0.050 ms"))
        .contains(Instant.ofEpochSecond(1732233333L, 123_456_000L));
    assertThat(PingReplies.parse("PING 10.77.1.100 (10.77.1.100) 56(84) bytes of data.")).isEmpty();
    assertThat(PingReplies.parse("[1732233333.123456] From 10.77.2.1 icmp_seq=7 Destination Host Unreachable")).isEmpty();
    assertThat(PingReplies.parse("[1732233333.123456] no answer yet for icmp_seq=8")).isEmpty();
  }

  @Test
  void theOutageIsTheLongestGapBetweenRepliesAroundTheWindow() {
    List<Instant> replies = List.of(at(0), at(20), at(40), at(1540), at(1560), at(1580));
    assertThat(PingReplies.longestGap(replies, at(30), at(2000))).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void gapsOutsideTheWindowDoNotCount() {
    List<Instant> replies = List.of(at(0), at(5000), at(5020), at(5040), at(5060));
    assertThat(PingReplies.longestGap(replies, at(5010), at(5060))).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void noReplySinceTheWindowOpenedCountsUntilItsEnd() {
    List<Instant> replies = List.of(at(0), at(20));
    assertThat(PingReplies.longestGap(replies, at(100), at(3000))).isEqualTo(Duration.ofMillis(2980));
    assertThat(PingReplies.longestGap(List.of(), at(100), at(300))).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void firstReplyAfterAMoment() {
    List<Instant> replies = List.of(at(0), at(20), at(900));
    assertThat(PingReplies.firstAfter(replies, at(21))).contains(at(900));
    assertThat(PingReplies.firstAfter(replies, at(901))).isEmpty();
  }

  @Test
  void lostRequestsCountFromSequenceNumbersOnceEvenOutOfOrder() {
    List<Instant> replies = List.of(at(0), at(20), at(100), at(110), at(120), at(140));
    List<Integer> seqs = List.of(1, 2, 6, 4, 7, 8); // 3 and 5 never came back; 4 arrived late
    assertThat(PingReplies.lost(replies, seqs, at(10), at(140))).isEqualTo(2);
    assertThat(PingReplies.lost(replies, seqs, at(120), at(140))).as("nothing lost after the window opened").isZero();
    assertThat(PingReplies.seq("[1732233333.123456] 64 bytes from 10.77.1.100: icmp_seq=17 ttl=63 time=0.050 ms")).isEqualTo(17);
  }
}
