package io.vippair.agent.keepalived;

import io.vippair.agent.config.AgentConfig;
import io.vippair.agent.config.KeepalivedMode;
import io.vippair.agent.exec.CommandRunner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The explicit keepalived commands: stopping or restarting the agent never touches keepalived, so
 * stopping it (decommissioning a VM) is a command of its own.
 * <ul>
 * <li>{@code stop-keepalived}: writes the hold marker (no agent starts keepalived while it exists),
 * then stops keepalived gracefully (SIGTERM: it sends priority 0 and its instances announce STOP,
 * so the peer takes over at once and a running agent reports STOP).
 * <li>{@code start-keepalived}: removes the marker; a running agent starts keepalived within a
 * second (otherwise the next agent start does).
 * </ul>
 */
public final class KeepalivedControl {
  public static final Set<String> COMMANDS = Set.of("stop-keepalived", "start-keepalived");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private KeepalivedControl() {}

  /** Runs command; returns the process exit code. */
  public static int run(String command, AgentConfig config, CommandRunner commands, PrintStream out) {
    KeepalivedHold hold = KeepalivedHold.in(config.runDir());
    switch (command) {
      case "stop-keepalived" -> {
        hold.hold();
        return config.keepalivedMode() == KeepalivedMode.SYSTEMD
            ? systemctl(commands, out, "stop", config.keepalivedService())
            : stopChild(KeepalivedPids.in(config.runDir()), out);
      }
      case "start-keepalived" -> {
        hold.release();
        if (config.keepalivedMode() == KeepalivedMode.SYSTEMD) {
          return systemctl(commands, out, "start", config.keepalivedService());
        }
        out.println("keepalived may run again: a running agent starts it within a second, otherwise the agent's next start does");
        return 0;
      }
      default -> {
        out.println("unknown command " + command + "; known: " + String.join(", ", COMMANDS.stream().sorted().toList()));
        return 2;
      }
    }
  }

  private static int stopChild(KeepalivedPids pids, PrintStream out) {
    Optional<ProcessHandle> main = pids.main();
    if (main.isEmpty()) {
      out.println("keepalived is not running (no live process in " + pids.mainFile() + "); it stays stopped");
      pids.killStale();
      return 0;
    }
    ProcessHandle p = main.get();
    out.println("stopping keepalived pid " + p.pid() + " (SIGTERM: it hands its VIPs over to the peers)");
    p.destroy();
    try {
      p.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println("keepalived pid " + p.pid() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing it");
    }
    pids.killStale();
    out.println("keepalived stopped; it stays stopped until `start-keepalived`");
    return 0;
  }

  private static int systemctl(CommandRunner commands, PrintStream out, String verb, String service) {
    var result = commands.run(List.of("systemctl", verb, service), Duration.ofSeconds(30));
    out.println("systemctl " + verb + " " + service + (result.ok() ? ": done" : " failed: " + result.output()));
    return result.ok() ? 0 : 1;
  }
}
