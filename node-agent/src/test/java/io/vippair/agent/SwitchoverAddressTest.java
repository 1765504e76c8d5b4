package io.vippair.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.report.LocalReport;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.SwitchoverMode;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.common.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The VIP held on lo for a make-before-break switchover to this member (rule 26b), with `ip` faked. */
class SwitchoverAddressTest {
  static final PairKey KEY = new PairKey("db", "mysql");
  static final List<String> ADD = List.of("ip", "-4", "address", "add", "10.0.1.100/32", "dev", "lo", "label", "lo:vippair");
  static final List<String> DEL = List.of("ip", "-4", "address", "del", "10.0.1.100/32", "dev", "lo", "label", "lo:vippair");

  final List<List<String>> ran = new ArrayList<>();
  String listing = "";
  String addFails;
  ReportBook book;
  SwitchoverAddress address;

  @BeforeEach
  void setUp() {
    book = new ReportBook(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)));
    book.track(KEY, LocalReport.initial(Instant.now()));
    CommandRunner fake = (command, timeout) -> {
      ran.add(command);
      if (command.contains("show")) {
        return new CommandRunner.Result(0, listing, false);
      }
      boolean fail = addFails != null && command.contains("add");
      return new CommandRunner.Result(fail ? 2 : 0, fail ? addFails : "", false);
    };
    address = new SwitchoverAddress("cvm-b", fake, book);
  }

  static VipPair pair(String to, SwitchoverMode mode, SwitchoverPhase phase) {
    VipPair pair = TestPairs.equalPair("db", "mysql", 51);
    SwitchoverRequest req = new SwitchoverRequest(to, "n-1");
    req.setMode(mode);
    pair.getSpec().setSwitchover(req);
    SwitchoverStatus s = new SwitchoverStatus();
    s.setNonce("n-1");
    s.setTo(to);
    s.setPhase(phase);
    s.setMode(mode);
    VipPairStatus status = new VipPairStatus();
    status.setSwitchover(s);
    pair.setStatus(status);
    return pair;
  }

  String held() {
    return book.get(KEY).orElseThrow().switchoverVipHeld();
  }

  @Test
  void heldOnLoWhileTheSwitchoverToThisMemberRunsThenDropped() {
    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    assertThat(ran).containsExactly(ADD);
    assertThat(held()).isEqualTo("n-1");

    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    assertThat(ran).as("once per switchover, not per pair event").hasSize(1);

    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.Succeeded));
    assertThat(ran).containsExactly(ADD, DEL);
    assertThat(held()).isNull();
  }

  @Test
  void nothingForBreakBeforeMakeOrAnotherTarget() {
    address.apply(KEY, pair("cvm-b", SwitchoverMode.BreakBeforeMake, SwitchoverPhase.InProgress));
    address.apply(KEY, pair("cvm-a", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    address.apply(KEY, pair("cvm-b", null, SwitchoverPhase.InProgress));
    assertThat(ran).isEmpty();
    assertThat(held()).isNull();
  }

  @Test
  void droppedWhenThePairLeavesTheAgent() {
    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    address.forget(KEY);
    assertThat(ran).containsExactly(ADD, DEL);
  }

  @Test
  void anAddressThatCannotBeAddedIsNotReportedNorRetriedForTheSameNonce() {
    addFails = "RTNETLINK answers: Operation not permitted";
    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    assertThat(ran).containsExactly(ADD);
    assertThat(held()).isNull();
  }

  @Test
  void anAddressLeftFromBeforeARestartIsHeldAgain() {
    addFails = "Error: ipv4: Address already assigned."; // iproute2 6.1
    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    assertThat(held()).isEqualTo("n-1");
  }

  @Test
  void theFirstSweepRemovesLabelledAddressesNoSwitchoverHoldsAndRunsOnce() {
    address.apply(KEY, pair("cvm-b", SwitchoverMode.MakeBeforeBreak, SwitchoverPhase.InProgress));
    listing = "1: lo    inet 10.0.1.100/32 scope global lo:vippair\\       valid_lft forever preferred_lft forever\n"
        + "1: lo    inet 10.0.9.9/32 scope global lo:vippair\\       valid_lft forever preferred_lft forever";
    address.sweepOnce();
    address.sweepOnce();
    assertThat(ran).containsExactly(ADD, List.of("ip", "-4", "-o", "address", "show", "dev", "lo", "label", "lo:vippair"),
        List.of("ip", "-4", "address", "del", "10.0.9.9/32", "dev", "lo", "label", "lo:vippair"));
  }
}
