package io.vippair.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process the lab started (an agent, an operator, a stand-in service). Its output goes to a log
 * file that rolls over at 4 MiB (one old file kept), and its last lines stay in memory so a failed
 * scenario can show them.
 */
final class ChildProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final long MAX_LOG_BYTES = 4L << 20;
  private static final int TAIL_LINES = 200;

  private final String name;
  private final Process process;
  private final Path logFile;
  private final ArrayDeque<String> tail = new ArrayDeque<>();
  private final java.time.Instant startedAt = java.time.Instant.now();

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    Thread copier = new Thread(this::copyOutput, "log-" + name);
    copier.setDaemon(true);
    copier.start();
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logDir) {
    try {
      Files.createDirectories(logDir);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      log.info("started {} (pid {}), log {}", name, p.pid(), logDir.resolve(name + ".log"));
      return new ChildProcess(name, p, logDir.resolve(name + ".log"));
    } catch (IOException e) {
      throw new LabException("cannot start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  Path logFile() {
    return logFile;
  }

  synchronized List<String> tail() {
    return new ArrayList<>(tail);
  }

  /** Whether the log so far has a line containing text (for "the agent has started"-style waits). */
  synchronized boolean logged(String text) {
    return tail.stream().anyMatch(l -> l.contains(text));
  }

  /** When the lab spawned it (taken right after the spawn returned). */
  java.time.Instant startedAt() {
    return startedAt;
  }

  /** SIGTERM to this process only (its children are not signalled); does not wait. */
  void terminate() {
    process.destroy();
  }

  /** Waits up to max for the process to end; whether it did. */
  boolean awaitExit(java.time.Duration max) {
    try {
      return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** When the process ended, as the lab noticed it (empty while it runs). */
  java.util.concurrent.CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** SIGKILL, the way a VM losing power ends a process: no clean-up of any kind. */
  void kill() {
    process.destroyForcibly();
    waitGone();
  }

  /** SIGTERM to all first, then waits for each: shutting down one after the other takes much longer. */
  static void closeAll(java.util.Collection<ChildProcess> children) {
    children.forEach(c -> c.process.destroy());
    children.forEach(ChildProcess::close);
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    waitGone();
  }

  private void waitGone() {
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void copyOutput() {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      Writer out = open();
      long written = 0;
      String line;
      while ((line = in.readLine()) != null) {
        remember(line);
        out.write(line);
        out.write('\n');
        out.flush();
        written += line.length() + 1;
        if (written > MAX_LOG_BYTES) {
          out.close();
          Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
          out = open();
          written = 0;
        }
      }
      out.close();
    } catch (IOException e) {
      // the lab directory was removed under us at tear-down; nothing left to keep
    }
  }

  private Writer open() throws IOException {
    return Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private synchronized void remember(String line) {
    if (tail.size() == TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
  }
}
