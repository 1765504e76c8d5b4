package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.VrrpRole;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FifoEventTest {
  @Test
  void parsesInstanceLines() {
    assertThat(FifoEvent.parse("INSTANCE \"VP_db_mysql-prod\" MASTER 100"))
        .contains(new FifoEvent("VP_db_mysql-prod", VrrpRole.MASTER, 100));
    assertThat(FifoEvent.parse("INSTANCE \"VP_db_x.y\" FAULT 0\n")).contains(new FifoEvent("VP_db_x.y", VrrpRole.FAULT, 0));
    assertThat(FifoEvent.parse("INSTANCE \"VP_a_b\" STOP 150")).map(FifoEvent::role).contains(VrrpRole.STOP);
    assertThat(FifoEvent.parse("INSTANCE \"VP_a_b\" BACKUP 150")).map(FifoEvent::role).contains(VrrpRole.BACKUP);
  }

  @Test
  void ignoresEverythingElse() {
    assertThat(FifoEvent.parse("GROUP \"G1\" MASTER 0")).isEmpty();
    assertThat(FifoEvent.parse("INSTANCE \"VP_a_b\" MASTER_RX_LOWER_PRI 100")).isEqualTo(Optional.empty());
    assertThat(FifoEvent.parse("INSTANCE \"VP_a_b\" UNKNOWN 100")).isEmpty();
    assertThat(FifoEvent.parse("garbage")).isEmpty();
    assertThat(FifoEvent.parse("")).isEmpty();
  }

  @Test
  void instanceNamesMapBackToPairs() {
    assertThat(PairKey.fromInstanceName("VP_db_mysql-prod")).contains(new PairKey("db", "mysql-prod"));
    assertThat(PairKey.fromInstanceName("VP_db_my.sql")).contains(new PairKey("db", "my.sql"));
    assertThat(PairKey.fromInstanceName(new PairKey("kube-system", "a.b-c").instanceName())).contains(new PairKey("kube-system", "a.b-c"));
    assertThat(PairKey.fromInstanceName("VI_1")).isEmpty();
    assertThat(PairKey.fromInstanceName("VP_db")).isEmpty();
    assertThat(PairKey.fromInstanceName("VP_db_")).isEmpty();
  }
}
