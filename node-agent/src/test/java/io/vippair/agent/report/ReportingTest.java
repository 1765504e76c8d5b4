package io.vippair.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vippair.common.Backoff;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportingTest {
  private final PairKey pair = new PairKey("db", "mysql");

  @Test
  void patchCarriesOnlyOurKeyWithExplicitNulls() throws Exception {
    var report = LocalReport.initial(Instant.parse("2026-01-01T00:00:00.123Z")).withRole(VrrpRole.MASTER, Instant.parse("2026-01-01T00:00:01.500Z"))
        .withConfigApplied(3, "abc").withHealth(true, null).withAck("n1");
    JsonNode body = new ObjectMapper().readTree(StatusReporter.patchBody("cvm-a", report, Instant.parse("2026-01-01T00:00:02Z"), "1.0", "2.2.7"));
    assertThat(body.fieldNames()).toIterable().containsExactly("status");
    assertThat(body.get("status").fieldNames()).toIterable().containsExactly("agents");
    JsonNode mine = body.get("status").get("agents").get("cvm-a");
    assertThat(mine.get("role").asText()).isEqualTo("MASTER");
    assertThat(mine.get("since").asText()).isEqualTo("2026-01-01T00:00:01.500Z");
    assertThat(mine.get("observedGeneration").asLong()).isEqualTo(3);
    assertThat(mine.get("ack").asText()).isEqualTo("n1");
    assertThat(mine.has("configError")).isTrue();
    assertThat(mine.get("configError").isNull()).as("cleared fields are sent as null so the merge removes them").isTrue();
    assertThat(mine.get("healthMessage").isNull()).isTrue();
  }

  @Test
  void sinceMovesOnlyWhenTheRoleChanges() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    var r = LocalReport.initial(t0).withRole(VrrpRole.BACKUP, t0.plusSeconds(1));
    assertThat(r.withRole(VrrpRole.BACKUP, t0.plusSeconds(5)).since()).isEqualTo(t0.plusSeconds(1));
    assertThat(r.withRole(VrrpRole.MASTER, t0.plusSeconds(5)).since()).isEqualTo(t0.plusSeconds(5));
  }

  @Test
  void theBookKeepsOnlyTheLatestStateAndRetriesWithBackoff() throws Exception {
    var book = new ReportBook(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    book.track(pair, LocalReport.initial(Instant.EPOCH));
    for (VrrpRole role : new VrrpRole[] {VrrpRole.BACKUP, VrrpRole.MASTER, VrrpRole.FAULT, VrrpRole.BACKUP, VrrpRole.MASTER}) {
      book.update(pair, r -> r.withRole(role, Instant.now()));
    }
    var due = book.awaitDue(Duration.ZERO).orElseThrow();
    assertThat(due.report().role()).isEqualTo(VrrpRole.MASTER);
    assertThat(due.transitionSeenNanos()).isNotNull();

    book.failed(due);
    assertThat(book.awaitDue(Duration.ofMillis(50))).as("not due again before the backoff").isEmpty();
    var retry = book.awaitDue(Duration.ofSeconds(2)).orElseThrow();
    assertThat(retry.version()).isEqualTo(due.version());

    book.update(pair, r -> r.withAck("n2")); // a change while the report is in flight
    book.sent(retry);
    var again = book.awaitDue(Duration.ZERO).orElseThrow();
    assertThat(again.report().ack()).isEqualTo("n2");
    book.sent(again);
    assertThat(book.awaitDue(Duration.ZERO)).isEmpty();
    assertThat(book.pending()).isZero();
  }

  @Test
  void aReportOverwrittenByALateEarlierWriteIsSentAgainOnceTheWatchHadTimeToShowOurs() throws Exception {
    var book = new ReportBook(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    book.track(pair, LocalReport.initial(Instant.EPOCH).withRole(VrrpRole.BACKUP, Instant.EPOCH));
    Instant ours = Instant.parse("2026-12-05T03:26:58.400Z");
    book.sent(book.awaitDue(Duration.ZERO).orElseThrow(), ours);

    book.shown(pair, Instant.parse("2026-12-05T03:26:52.600Z")); // the killed agent's FAULT, delivered late
    assertThat(book.resendOverwritten(Duration.ofHours(1))).as("the watch may not have shown ours yet").isZero();
    assertThat(book.resendOverwritten(Duration.ZERO)).isEqualTo(1);
    assertThat(book.awaitDue(Duration.ZERO)).map(d -> d.report().role()).contains(VrrpRole.BACKUP);

    book.sent(book.awaitDue(Duration.ZERO).orElseThrow(), ours.plusSeconds(3));
    book.shown(pair, ours.plusSeconds(3)); // ours again
    assertThat(book.resendOverwritten(Duration.ZERO)).isZero();
    book.shown(pair, ours.plusSeconds(4)); // newer than ours: another writer's business, not a stale copy
    assertThat(book.resendOverwritten(Duration.ZERO)).isZero();
  }

  @Test
  void unchangedUpdatesSendNothing() throws Exception {
    var book = new ReportBook(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
    book.track(pair, LocalReport.initial(Instant.EPOCH));
    book.sent(book.awaitDue(Duration.ZERO).orElseThrow());
    assertThat(book.update(pair, r -> r.withFenced(false))).isFalse();
    assertThat(book.awaitDue(Duration.ZERO)).isEmpty();
    book.resend(pair);
    assertThat(book.awaitDue(Duration.ZERO)).isPresent();
  }

  @Test
  void thePatchCarriesExactlyTheFieldsOfAgentReport() throws Exception {
    var mapper = new ObjectMapper();
    var declared = mapper.getSerializationConfig().introspect(mapper.constructType(AgentReport.class)).findProperties()
        .stream().map(p -> p.getName()).toList();
    JsonNode body = mapper.readTree(StatusReporter.patchBody("cvm-a", LocalReport.initial(Instant.EPOCH), Instant.EPOCH, "1", "2.2.7"));
    assertThat(body.get("status").get("agents").get("cvm-a").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(declared);
    assertThat(mapper.treeToValue(body.get("status").get("agents").get("cvm-a"), AgentReport.class).getRole()).isEqualTo(VrrpRole.UNKNOWN);
  }

  @Test
  void whileTheApiServerIsAwayOneJitteredAttemptAtATimeAndTheFirstSuccessOpensTheGate() throws Exception {
    var book = new ReportBook(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10)));
    var other = new PairKey("db", "other");
    book.track(pair, LocalReport.initial(Instant.EPOCH));
    book.track(other, LocalReport.initial(Instant.EPOCH));
    var first = book.awaitDue(Duration.ZERO).orElseThrow();
    book.unreachable();
    assertThat(book.isUnreachable()).isTrue();
    assertThat(book.awaitDue(Duration.ofMillis(150))).as("nothing before the gate (at least 200 ms)").isEmpty();
    long start = System.nanoTime();
    var retry = book.awaitDue(Duration.ofSeconds(2)).orElseThrow();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ReportBook.GATE_MAX);
    for (int i = 0; i < 20; i++) {
      book.unreachable(); // a long outage: the cadence does not grow
    }
    start = System.nanoTime();
    retry = book.awaitDue(Duration.ofSeconds(2)).orElseThrow();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ReportBook.GATE_MAX.plusMillis(100));
    book.sent(retry);
    assertThat(book.isUnreachable()).isFalse();
    var next = book.awaitDue(Duration.ZERO).orElseThrow();
    assertThat(next.pair()).as("the rest goes at once").isNotEqualTo(retry.pair());
    assertThat(first).isNotNull();
  }
}
