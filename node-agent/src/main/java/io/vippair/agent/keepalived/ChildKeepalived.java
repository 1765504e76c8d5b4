package io.vippair.agent.keepalived;

import io.vippair.agent.exec.CommandRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.vippair.common.Backoff;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived as the agent's child: {@code keepalived -f CONF -p PID -r VRRP_PID -c CHK_PID -l -D -n
 * --vrrp} in the foreground, its output in the agent's log with a "keepalived:" prefix. When it
 * dies it is started again after a capped exponential backoff. A keepalived left running by a
 * previous agent process (the agent crashed) is adopted, not restarted, so an agent restart does
 * not move the VIP.
 */
public final class ChildKeepalived implements Keepalived {
  private static final Logger log = LoggerFactory.getLogger(ChildKeepalived.class);
  private static final Logger keepalivedLog = LoggerFactory.getLogger("keepalived");
  /** keepalived that stayed up this long is considered healthy: the next crash starts the backoff over. */
  private static final Duration STABLE_AFTER = Duration.ofSeconds(30);

  private final Path binary;
  private final Path configFile;
  private final Path mainPidFile;
  private final Path vrrpPidFile;
  private final Path checkersPidFile;
  private final CommandRunner commands;
  private final ScheduledExecutorService scheduler;
  private final Listener listener;
  private final Backoff backoff;
  private final Runnable onRestart;
  private final String version;

  private ProcessHandle running;
  private long startedAtNanos;
  private int failures;
  private boolean started;
  private volatile boolean closing;

  /**
   * @param onRestart called each time keepalived has died and is started again (a metric)
   */
  public ChildKeepalived(Path binary, Path configFile, Path runDir, CommandRunner commands,
      ScheduledExecutorService scheduler, Listener listener, Backoff backoff, Runnable onRestart) {
    this.binary = binary;
    this.configFile = configFile;
    this.mainPidFile = runDir.resolve("keepalived.pid");
    this.vrrpPidFile = runDir.resolve("keepalived-vrrp.pid");
    this.checkersPidFile = runDir.resolve("keepalived-checkers.pid");
    this.commands = commands;
    this.scheduler = scheduler;
    this.listener = listener;
    this.backoff = backoff;
    this.onRestart = onRestart;
    this.version = KeepalivedVersion.of(binary, commands);
  }

  @Override
  public synchronized void start() {
    if (started || closing) {
      return;
    }
    started = true;
    launch();
  }

  private synchronized void launch() {
    if (closing) {
      return;
    }
    Optional<ProcessHandle> left = adoptable();
    if (left.isPresent()) {
      log.info("adopting keepalived pid {} left running by a previous agent", left.get().pid());
      watch(left.get());
      return;
    }
    killStale(vrrpPidFile);
    killStale(checkersPidFile);
    killStale(mainPidFile);
    List<String> command = List.of(binary.toString(), "-f", configFile.toString(),
        "-p", mainPidFile.toString(), "-r", vrrpPidFile.toString(), "-c", checkersPidFile.toString(),
        "-l", "-D", "-n", "--vrrp");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      Thread pipe = new Thread(() -> pipeOutput(process), "keepalived-output");
      pipe.setDaemon(true);
      pipe.start();
      log.info("started keepalived pid {}: {}", process.pid(), String.join(" ", command));
      watch(process.toHandle());
    } catch (IOException e) {
      log.error("cannot start keepalived ({}); retrying", e.getMessage());
      scheduleRestart();
    }
  }

  private void watch(ProcessHandle handle) {
    running = handle;
    startedAtNanos = System.nanoTime();
    handle.onExit().thenRun(() -> exited(handle));
    listener.runningChanged(true);
  }

  private synchronized void exited(ProcessHandle handle) {
    if (running != handle) {
      return;
    }
    running = null;
    if (closing) {
      return;
    }
    listener.runningChanged(false);
    if (System.nanoTime() - startedAtNanos > STABLE_AFTER.toNanos()) {
      failures = 0;
    }
    log.warn("keepalived pid {} exited; every pair reports FAULT until it runs again", handle.pid());
    onRestart.run();
    scheduleRestart();
  }

  private void scheduleRestart() {
    Duration delay = backoff.delay(failures++);
    log.info("starting keepalived again in {} ms", delay.toMillis());
    scheduler.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A live keepalived main process from our pid file that runs our config file. */
  private Optional<ProcessHandle> adoptable() {
    return processFrom(mainPidFile)
        .filter(p -> p.info().commandLine().map(c -> c.contains(configFile.toString())).orElse(false));
  }

  /** Kills a keepalived process left behind (e.g. a VRRP child that outlived its parent). */
  private void killStale(Path pidFile) {
    processFrom(pidFile).ifPresent(p -> {
      log.warn("killing stale keepalived process {} from {}", p.pid(), pidFile);
      p.destroyForcibly();
      p.onExit().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> p).join();
    });
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", pidFile, e.getMessage());
    }
  }

  private Optional<ProcessHandle> processFrom(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.endsWith("keepalived")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void pipeOutput(Process process) {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        keepalivedLog.info("{}", stripTimestamp(line));
      }
    } catch (IOException e) {
      // keepalived exited; exited() reports it
    }
  }

  /** keepalived -l prefixes each line with its own date; the agent's log has one already. */
  static String stripTimestamp(String line) {
    int idx = line.indexOf(": ");
    return idx > 0 && idx < 30 && line.substring(0, idx).matches("^\\w{3} \\w{3} +\\d+ [\\d:]+ \\d{4}$")
        ? line.substring(idx + 2) : line;
  }

  @Override
  public synchronized void reload() {
    if (running == null) {
      return; // it reads the new file when it starts again
    }
    var result = commands.run(List.of("kill", "-HUP", Long.toString(running.pid())), Duration.ofSeconds(5));
    if (!result.ok()) {
      log.warn("SIGHUP to keepalived pid {} failed: {}", running.pid(), result.output());
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null && running.isAlive();
  }

  @Override
  public synchronized OptionalLong pid() {
    return running == null ? OptionalLong.empty() : OptionalLong.of(running.pid());
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public void close() {
    ProcessHandle handle;
    synchronized (this) {
      closing = true;
      handle = running;
    }
    if (handle != null && handle.isAlive()) {
      log.info("stopping keepalived pid {}", handle.pid());
      handle.destroy();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
      }
    }
  }
}
