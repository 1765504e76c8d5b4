package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairTableTest {
  private static final Instant T0 = Instant.parse("2026-12-04T22:31:04.512Z");

  private static Instant at(long ms) {
    return T0.plusMillis(ms);
  }

  private static PairTable.Row ready(String pair, String vip, String member) {
    return new PairTable.Row(pair, vip, member, member, "Ready", true, 0);
  }

  private static final List<PairTable.Row> READY = List.of(
      ready("web", "10.77.1.100", "cvm-a"), ready("db", "10.77.1.101", "cvm-a"), ready("cache", "10.77.1.102", "cvm-c"));

  @Test
  void theFirstRefreshPrintsTheHeaderOnceAndEveryPairStamped() {
    var log = new PairTable.ChangeLog();

    List<String> lines = log.next(T0, READY, "");

    assertThat(lines).containsExactly(
        "TIME(UTC)    PAIR   VIP          MASTER  CLOUD-OWNER  PHASE       PING   FAILOVERS",
        "22:31:04.512 web    10.77.1.100  cvm-a   cvm-a        Ready       ok     0",
        "22:31:04.512 db     10.77.1.101  cvm-a   cvm-a        Ready       ok     0",
        "22:31:04.512 cache  10.77.1.102  cvm-c   cvm-c        Ready       ok     0");
  }

  @Test
  void refreshesWithoutAChangePrintNothing() {
    var log = new PairTable.ChangeLog();
    log.next(T0, READY, "");

    for (int i = 1; i <= 25; i++) {
      assertThat(log.next(at(200L * i), READY, "")).isEmpty();
    }
  }

  @Test
  void onlyThePairWhoseRowChangedIsPrintedAndTheHeaderNeverAgain() {
    var log = new PairTable.ChangeLog();
    log.next(T0, READY, "");
    var webDegraded = new PairTable.Row("web", "10.77.1.100", "cvm-a", "cvm-a", "Degraded", false, 0);

    List<String> lines = log.next(at(1200), List.of(webDegraded, READY.get(1), READY.get(2)), "");

    assertThat(lines).containsExactly("22:31:05.712 web    10.77.1.100  cvm-a   cvm-a        Degraded    LOST   0");
    // back to the first state: web changed again, so it is printed again; the others still did not
    assertThat(log.next(at(2400), READY, ""))
        .containsExactly("22:31:06.912 web    10.77.1.100  cvm-a   cvm-a        Ready       ok     0");
  }

  @Test
  void aWholeFailoverPrintsOneHeaderAndOneLinePerChange() {
    var log = new PairTable.ChangeLog();
    List<String> all = new ArrayList<>();
    List<List<PairTable.Row>> refreshes = new ArrayList<>();
    refreshes.add(READY);
    refreshes.add(READY);
    refreshes.add(List.of(new PairTable.Row("web", "10.77.1.100", null, "cvm-a", "Degraded", false, 0), READY.get(1), READY.get(2)));
    refreshes.add(List.of(new PairTable.Row("web", "10.77.1.100", "cvm-b", "cvm-a", "Converging", false, 0), READY.get(1), READY.get(2)));
    refreshes.add(refreshes.get(3));
    refreshes.add(List.of(new PairTable.Row("web", "10.77.1.100", "cvm-b", "cvm-b", "Ready", true, 1), READY.get(1), READY.get(2)));
    refreshes.add(refreshes.get(5));
    for (int i = 0; i < refreshes.size(); i++) {
      all.addAll(log.next(at(200L * i), refreshes.get(i), i >= 2 ? "killing keepalived on web's master ..." : ""));
    }

    assertThat(all.stream().filter(l -> l.contains("PAIR"))).hasSize(1);
    assertThat(all).hasSize(1 + 3 + 1 + 1 + 1 + 1); // header, three pairs, caption, three changes of web
    assertThat(all).contains("22:31:04.912 killing keepalived on web's master ...",
        "22:31:04.912 web    10.77.1.100  -       cvm-a        Degraded    LOST   0",
        "22:31:05.512 web    10.77.1.100  cvm-b   cvm-b        Ready       ok     1");
    assertThat(all).allSatisfy(l -> assertThat(l).doesNotContain("\u001b").doesNotEndWith(" "));
  }

  @Test
  void aCaptionIsPrintedOnceWhenItChanges() {
    var log = new PairTable.ChangeLog();
    log.next(T0, READY, "");

    assertThat(log.next(at(200), READY, "killing ...")).containsExactly("22:31:04.712 killing ...");
    assertThat(log.next(at(400), READY, "killing ...")).isEmpty();
    assertThat(log.next(at(600), READY, "web failed over")).containsExactly("22:31:05.112 web failed over");
  }

  @Test
  void controlCharactersFromTheApiServerCannotReachTheLog() {
    var log = new PairTable.ChangeLog();
    var hostile = new PairTable.Row("web", "10.77.1.100", "\u001b[2Jcvm-a", "cvm-a", "Ready\r", true, 0);

    List<String> lines = log.next(T0, List.of(hostile), "caption\u001b[1A");

    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).doesNotContain("\u001b").doesNotContain("\r"));
    assertThat(lines.get(1)).contains("?[2Jcvm-a");
  }

  @Test
  void theTerminalTableIsTheHeaderTheRowsAndTheCaption() {
    assertThat(PairTable.render(READY.subList(0, 1), "killing ..."))
        .isEqualTo("PAIR   VIP          MASTER  CLOUD-OWNER  PHASE       PING   FAILOVERS\n"
            + "web    10.77.1.100  cvm-a   cvm-a        Ready       ok     0\n"
            + "killing ...\n");
  }
}
