package io.vippair.agent.exec;

import java.time.Duration;
import java.util.List;

/** Runs a short-lived command and waits for it: the one way the agent forks anything but keepalived. */
public interface CommandRunner {

  /** The exit code (-1 on timeout) and the start of the combined stdout/stderr. */
  record Result(int exitCode, String output, boolean timedOut) {
    public boolean ok() {
      return exitCode == 0 && !timedOut;
    }
  }

  Result run(List<String> command, Duration timeout);

  /** The real thing: ProcessBuilder, output capped, the process killed on timeout. */
  static CommandRunner system() {
    return new SystemCommandRunner();
  }
}
