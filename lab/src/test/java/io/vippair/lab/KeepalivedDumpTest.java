package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeepalivedDumpTest {
  // the shape keepalived 2.2.7 writes on SIGUSR1 (trimmed)
  static final String DATA = """
      ------< Global definitions >------
       Router ID = vippair-cvm-a
      ------< VRRP Topology >------
       VRRP Instance = lab_web
         VRRP Version = 3
         State = MASTER
         Flags:
           Using unicast
         Wantstate = MASTER
         Last transition = 1796415875.810513 (Fri Dec  4 20:24:35.810513 2026)
         Interface = eth0
         Using src_ip = 10.77.1.11 (from configuration)
         Virtual Router ID = 51
         Priority = 100
       VRRP Instance = lab_db
         State = BACKUP
         Last transition = 1796415870.000001 (Fri Dec  4 20:24:30.000001 2026)
         Using src_ip = 10.77.1.11 (from configuration)
         Virtual Router ID = 52
      ------< Interfaces >------
       Name = eth0
         State = UP, RUNNING
      """;

  @Test
  void readsStateAndLastTransitionByVirtualRouterId() {
    Map<Integer, KeepalivedDump.Instance> parsed = KeepalivedDump.parse(DATA);
    assertThat(parsed).containsOnlyKeys(51, 52);
    assertThat(parsed.get(51)).isEqualTo(new KeepalivedDump.Instance("lab_web", 51, "MASTER", "1796415875.810513"));
    assertThat(parsed.get(52).state()).isEqualTo("BACKUP");
    assertThat(KeepalivedDump.fromCvm(DATA, "10.77.1.11")).isTrue();
    assertThat(KeepalivedDump.fromCvm(DATA, "10.77.1.1")).isFalse();
  }

  @Test
  void theDumpGoesToTmpdirWhenKeepalivedHasOne() {
    assertThat(KeepalivedDump.tmpDirFrom("PATH=/usr/bin\0TMPDIR=/run/vippair/keepalived-tmp\0")).isEqualTo("/run/vippair/keepalived-tmp");
    assertThat(KeepalivedDump.tmpDirFrom("PATH=/usr/bin\0")).isEqualTo("/tmp");
    assertThat(KeepalivedDump.tmpDirFrom("TMPDIR=relative\0")).isEqualTo("/tmp");
  }

  @Test
  void aRestartOrANewTransitionCountsAsChangedAndAMissingDumpProvesNothing() {
    var before = Optional.of(new KeepalivedDump.Snapshot(100, KeepalivedDump.parse(DATA)));
    var same = Optional.of(new KeepalivedDump.Snapshot(100, KeepalivedDump.parse(DATA)));
    var moved = Optional.of(new KeepalivedDump.Snapshot(100, KeepalivedDump.parse(DATA.replace("1796415875.810513", "1796415999.000000"))));
    var restarted = Optional.of(new KeepalivedDump.Snapshot(200, KeepalivedDump.parse(DATA)));
    assertThat(KeepalivedDump.changed(before, same, List.of(51, 52))).isZero();
    assertThat(KeepalivedDump.changed(before, moved, List.of(51, 52))).isEqualTo(1);
    assertThat(KeepalivedDump.changed(before, restarted, List.of(51))).isEqualTo(1);
    assertThat(KeepalivedDump.changed(before, Optional.empty(), List.of(51, 52))).isEqualTo(2);
  }
}
