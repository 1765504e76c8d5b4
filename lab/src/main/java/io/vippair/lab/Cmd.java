package io.vippair.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, kill) and gives back their output; the lab's only way to touch the host. */
final class Cmd {
  private static final long TIMEOUT_SECONDS = 20;

  private Cmd() {}

  /** What a finished command left behind. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs the command and fails with its stderr when it exits non-zero. */
  static String run(List<String> command) {
    Result r = tryRun(command);
    if (!r.ok()) {
      throw new LabException("command failed (exit " + r.exitCode() + "): " + String.join(" ", command)
          + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip()));
    }
    return r.stdout();
  }

  /** Runs the command and reports how it ended, whatever that was (for clean-up, where "already gone" is fine). */
  static Result tryRun(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      // read both streams fully before waiting so a chatty command cannot block on a full pipe
      var err = new StringBuilder();
      Thread errReader = new Thread(() -> err.append(readAll(p.getErrorStream())), "cmd-stderr");
      errReader.setDaemon(true);
      errReader.start();
      String out = readAll(p.getInputStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new LabException("command did not finish in " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
      }
      errReader.join(1000);
      return new Result(List.copyOf(command), p.exitValue(), out, err.toString());
    } catch (IOException e) {
      return new Result(List.copyOf(command), 127, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while running " + String.join(" ", command));
    }
  }

  static Result tryRun(String... command) {
    return tryRun(List.of(command));
  }

  /** The command prefixed so that it runs inside network namespace ns. */
  static List<String> inNetns(String ns, List<String> command) {
    var full = new ArrayList<String>(List.of("ip", "netns", "exec", ns));
    full.addAll(command);
    return full;
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
