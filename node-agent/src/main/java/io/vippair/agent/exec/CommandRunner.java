package io.vippair.agent.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs a short-lived command and waits for it: the one way the agent forks anything but keepalived. */
public interface CommandRunner {

  /** The exit code (-1 on timeout) and the start of the combined stdout/stderr. */
  record Result(int exitCode, String output, boolean timedOut) {
    public boolean ok() {
      return exitCode == 0 && !timedOut;
    }
  }

  Result run(List<String> command, Duration timeout);

  /** As {@link #run(List, Duration)}, with these variables added to the agent's environment. */
  default Result run(List<String> command, Map<String, String> env, Duration timeout) {
    return run(command, timeout);
  }

  /** The real thing: ProcessBuilder, output capped, the process killed on timeout. */
  static CommandRunner system() {
    return new SystemCommandRunner();
  }
}
