package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.common.Backoff;
import io.vippair.agent.exec.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd mode. Our build machines and CI containers have no systemd as PID 1, so systemctl cannot
 * run here: a recording command runner stands in for it (the only fake in the agent's tests) and
 * checks that the agent issues the right systemctl commands and reports the service's state.
 */
class SystemdKeepalivedTest {
  private final List<String> issued = new ArrayList<>();
  private boolean active;

  private final CommandRunner systemctl = (command, timeout) -> {
    String line = String.join(" ", command);
    issued.add(line);
    if (line.contains("--version")) {
      return new CommandRunner.Result(0, "Keepalived v2.2.7 (01/16,2022)", false);
    }
    if (line.startsWith("systemctl start")) {
      active = true;
    }
    if (line.startsWith("systemctl is-active")) {
      return new CommandRunner.Result(active ? 0 : 3, "", false);
    }
    if (line.startsWith("systemctl show")) {
      return new CommandRunner.Result(0, "4242", false);
    }
    return new CommandRunner.Result(0, "", false);
  };

  @TempDir
  Path runDir;

  @Test
  void startsReloadsAndReportsTheService() {
    List<Boolean> running = new ArrayList<>();
    var scheduler = Executors.newSingleThreadScheduledExecutor();
    int[] restarts = {0};
    try (var keepalived = new SystemdKeepalived("keepalived", Path.of("/usr/sbin/keepalived"), KeepalivedHold.in(runDir), systemctl, scheduler,
        running::add, new Backoff(Duration.ZERO, Duration.ZERO), () -> restarts[0]++)) {
      assertThat(keepalived.version()).isEqualTo("2.2.7");
      keepalived.start();
      assertThat(issued).contains("systemctl start keepalived");
      assertThat(keepalived.isRunning()).isTrue();
      assertThat(running).containsExactly(false, true);
      assertThat(keepalived.pid()).hasValue(4242);

      keepalived.reload();
      assertThat(issued).contains("systemctl reload keepalived");

      active = false; // the service died
      keepalived.poll();
      assertThat(running).as("FAULT reported, then started again at once with a zero backoff").containsExactly(false, true, false, true);
      assertThat(restarts[0]).isEqualTo(1);
      assertThat(issued.stream().filter(l -> l.equals("systemctl start keepalived"))).hasSize(2);

      KeepalivedHold.in(runDir).hold(); // stop-keepalived: decommissioning this VM
      active = false;
      keepalived.poll();
      assertThat(issued.stream().filter(l -> l.equals("systemctl start keepalived"))).as("not started while held").hasSize(2);
      assertThat(running).as("the STOP states stand; no FAULT").containsExactly(false, true, false, true);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
