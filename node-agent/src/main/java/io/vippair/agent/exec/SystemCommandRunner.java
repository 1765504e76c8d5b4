package io.vippair.agent.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

final class SystemCommandRunner implements CommandRunner {
  /** Enough for keepalived's config errors; a chatty command cannot fill the agent's memory. */
  private static final int MAX_OUTPUT = 8192;

  @Override
  public Result run(List<String> command, Duration timeout) {
    return run(command, Map.of(), timeout);
  }

  @Override
  public Result run(List<String> command, Map<String, String> env, Duration timeout) {
    Process process;
    try {
      var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
      builder.environment().putAll(env);
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage(), false);
    }
    var output = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> drain(process.getInputStream(), output), "cmd-output");
    reader.setDaemon(true);
    reader.start();
    try {
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.SECONDS);
      }
      reader.join(1000);
      String text;
      synchronized (output) {
        text = output.toString(StandardCharsets.UTF_8).strip();
      }
      return new Result(finished ? process.exitValue() : -1, text, !finished);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted", true);
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          int room = MAX_OUTPUT - out.size();
          if (room > 0) {
            out.write(buf, 0, Math.min(n, room));
          }
        }
      }
    } catch (IOException e) {
      // the process went away; what was read is enough
    }
  }
}
