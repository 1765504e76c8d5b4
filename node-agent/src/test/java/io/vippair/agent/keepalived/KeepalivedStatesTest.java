package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vippair.agent.exec.CommandRunner;
import io.vippair.api.v1alpha1.VrrpRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepalivedStatesTest {
  /** Trimmed from what keepalived 2.2.7 (Debian) wrote on `kill -s 36` for one MASTER instance. */
  static final String DUMP = "[{\"data\":{\"iname\":\"VP_db_x\",\"ifp_ifname\":\"d0\",\"last_transition\":1796415889.040354,"
      + "\"vrid\":9,\"state\":2,\"wantstate\":2,\"version\":3},\"stats\":{\"become_master\":1}},"
      + "{\"data\":{\"iname\":\"VP_db_y\",\"last_transition\":1796415880.5,\"state\":1},\"stats\":{}},"
      + "{\"data\":{\"iname\":\"VP_db_z\",\"state\":3},\"stats\":{}}]";

  @TempDir
  Path dir;

  @Test
  void readsEveryInstancesStateAndWhenItEnteredIt() throws IOException {
    var states = KeepalivedStates.parse(DUMP);
    assertThat(states).containsOnlyKeys("VP_db_x", "VP_db_y", "VP_db_z");
    assertThat(states.get("VP_db_x").role()).isEqualTo(VrrpRole.MASTER);
    assertThat(states.get("VP_db_x").since()).isEqualTo(Instant.parse("2026-12-04T20:24:49.040Z"));
    assertThat(states.get("VP_db_y").role()).isEqualTo(VrrpRole.BACKUP);
    assertThat(states.get("VP_db_z").role()).isEqualTo(VrrpRole.FAULT);
    assertThat(states.get("VP_db_z").since()).isNull();
    assertThat(KeepalivedStates.role(0)).as("INIT is no role to report").isEqualTo(VrrpRole.UNKNOWN);
  }

  @Test
  void aHalfWrittenDumpIsNotTakenForAnAnswer() {
    assertThatThrownBy(() -> KeepalivedStates.parse(DUMP.substring(0, 60))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> KeepalivedStates.parse("{}")).isInstanceOf(IOException.class);
  }

  @Test
  void signalsTheMainProcessWithTheJsonSignalAndReadsTheFileFromItsTmpdir() {
    List<String> issued = new ArrayList<>();
    CommandRunner keepalived = (command, timeout) -> {
      issued.add(String.join(" ", command));
      if (command.get(0).equals("kill")) {
        try {
          Files.writeString(dir.resolve("keepalived.json"), DUMP);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return new CommandRunner.Result(0, command.contains("--signum=JSON") ? "36\n" : "", false);
    };
    var reader = new KeepalivedStates(Path.of("/usr/sbin/keepalived"), dir, keepalived);
    var states = reader.read(4242, Duration.ofSeconds(1)).orElseThrow();
    assertThat(issued).containsExactly("/usr/sbin/keepalived --signum=JSON", "kill -s 36 4242");
    assertThat(states.get("VP_db_x").role()).isEqualTo(VrrpRole.MASTER);
  }

  @Test
  void aKeepalivedWithoutJsonSupportIsNeverSignalled() {
    List<String> issued = new ArrayList<>();
    CommandRunner noJson = (command, timeout) -> {
      issued.add(String.join(" ", command));
      return new CommandRunner.Result(1, "Unknown signal name JSON", false);
    };
    var reader = new KeepalivedStates(Path.of("/usr/sbin/keepalived"), dir, noJson);
    assertThat(reader.read(4242, Duration.ofSeconds(1))).isEmpty();
    assertThat(issued).as("no kill: an unhandled real-time signal ends keepalived").containsExactly("/usr/sbin/keepalived --signum=JSON");
  }

  @Test
  void noDumpWithinTheDeadlineIsNoAnswer() {
    CommandRunner silent = (command, timeout) -> new CommandRunner.Result(0, "36", false);
    var reader = new KeepalivedStates(Path.of("/usr/sbin/keepalived"), dir, silent);
    long start = System.nanoTime();
    assertThat(reader.read(4242, Duration.ofMillis(200))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }
}
