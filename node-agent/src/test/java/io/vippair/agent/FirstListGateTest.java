package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.agent.FirstListGate.Verdict;
import io.vippair.agent.keepalived.PairKey;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirstListGateTest {
  private static final PairKey A = new PairKey("db", "a");
  private static final PairKey B = new PairKey("db", "b");
  private final FirstListGate gate = new FirstListGate();

  @Test
  void waitsForTheListThenForEveryListedPair() {
    assertThat(gate.verdict(Set.of(A), 0)).isEqualTo(Verdict.AWAIT_LIST);
    assertThat(gate.listed(Set.of(A, B))).isTrue();
    assertThat(gate.verdict(Set.of(A), System.nanoTime())).isEqualTo(Verdict.AWAIT_PAIRS);
    assertThat(gate.verdict(Set.of(A, B), System.nanoTime())).isEqualTo(Verdict.APPLY);
    assertThat(gate.verdict(Set.of(), System.nanoTime())).as("open for good").isEqualTo(Verdict.APPLY);
  }

  @Test
  void anEmptyListOpensAtOnce() {
    gate.listed(Set.of());
    assertThat(gate.verdict(Set.of(), System.nanoTime())).isEqualTo(Verdict.APPLY);
  }

  @Test
  void onlyTheFirstListCounts() {
    gate.listed(Set.of(A));
    assertThat(gate.listed(Set.of(A, B))).isFalse();
    assertThat(gate.verdict(Set.of(A), System.nanoTime())).isEqualTo(Verdict.APPLY);
  }

  @Test
  void appliesWhatHasArrivedOnceTheWaitRunsOut() {
    gate.listed(Set.of(A, B));
    long late = System.nanoTime() + FirstListGate.MAX_WAIT.toNanos() + 1;
    assertThat(gate.verdict(Set.of(A), late)).isEqualTo(Verdict.APPLY_WITHOUT_SOME);
    assertThat(gate.verdict(Set.of(A), late)).isEqualTo(Verdict.APPLY);
  }
}
