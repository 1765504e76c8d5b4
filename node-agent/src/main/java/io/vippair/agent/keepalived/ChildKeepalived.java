package io.vippair.agent.keepalived;

import io.vippair.agent.exec.CommandRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.vippair.common.Backoff;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived started by the agent but not tied to it: {@code setsid keepalived -f CONF -p PID -r
 * VRRP_PID -c CHK_PID -l -D -n --vrrp} in its own session, writing its log straight to the agent's
 * stdout (the journal under systemd), with {@code TMPDIR=<run-dir>/keepalived-tmp} so its state
 * dump lands where the next agent can read it. The agent never stops it: a crashed, stopped or
 * upgraded agent leaves keepalived (and so every VRRP state and VIP) as it is, and the next agent
 * adopts the keepalived it finds through the pid file. Only {@code stop-keepalived} stops it on
 * purpose ({@link KeepalivedHold}).
 *
 * <p>With {@code launches} false (keepalived mode external) the agent never starts keepalived: a
 * separate supervisor (the DaemonSet's vippair-keepalived container) does, with the same command
 * line and run dir, and the agent adopts whatever runs.
 *
 * <p>Supervision runs on its own thread and polls every 100 ms (an adopted keepalived is not the
 * agent's child, so there is no exit notification): a dead keepalived is started again after a
 * capped backoff, whatever the API server is doing.
 */
public final class ChildKeepalived implements Keepalived {
  private static final Logger log = LoggerFactory.getLogger(ChildKeepalived.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /** keepalived that stayed up this long is considered healthy: the next crash starts the backoff over. */
  private static final Duration STABLE_AFTER = Duration.ofSeconds(30);

  private final Path binary;
  private final Path configFile;
  private final KeepalivedPids pids;
  private final Path tmpDir;
  private final KeepalivedHold hold;
  private final CommandRunner commands;
  private final ScheduledExecutorService scheduler;
  private final Listener listener;
  private final Backoff backoff;
  private final Runnable onRestart;
  /** Asked in the background: a fork on the start path would delay adopting keepalived. */
  private final CompletableFuture<String> version;
  private final boolean launches;

  private ScheduledFuture<?> poller;
  private boolean waitLogged;
  private ProcessHandle running;
  private long startedAtNanos;
  private long nextStartNanos;
  private int failures;
  private boolean holdLogged;
  private boolean closed;

  /**
   * @param scheduler a thread of its own: supervision must never wait behind the API server
   * @param onRestart called each time keepalived has died and is started again (a metric)
   */
  public ChildKeepalived(Path binary, Path configFile, Path runDir, boolean launches, CommandRunner commands,
      ScheduledExecutorService scheduler, Listener listener, Backoff backoff, Runnable onRestart) {
    this.launches = launches;
    this.binary = binary;
    this.configFile = configFile;
    this.pids = KeepalivedPids.in(runDir);
    this.tmpDir = tmpDir(runDir);
    this.hold = KeepalivedHold.in(runDir);
    this.commands = commands;
    this.scheduler = scheduler;
    this.listener = listener;
    this.backoff = backoff;
    this.onRestart = onRestart;
    this.version = CompletableFuture.supplyAsync(() -> KeepalivedVersion.of(binary, commands));
  }

  /** keepalived's TMPDIR: where it writes its state dump. */
  public static Path tmpDir(Path runDir) {
    return runDir.resolve("keepalived-tmp");
  }

  @Override
  public boolean runningAlready() {
    return pids.main().filter(this::runsOurConfig).isPresent();
  }

  @Override
  public synchronized void start() {
    if (poller == null && !closed) {
      poller = scheduler.scheduleWithFixedDelay(this::supervise, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void supervise() {
    try {
      if (closed || (running != null && KeepalivedPids.alive(running))) {
        return;
      }
      if (running != null) {
        exited(running);
      }
      Optional<ProcessHandle> left = pids.main().filter(this::runsOurConfig);
      if (left.isPresent()) {
        log.info("adopting keepalived pid {}, which is already running with {}", left.get().pid(), configFile);
        listener.adopted(left.get().pid());
        watch(left.get());
        return;
      }
      if (hold.held()) {
        if (!holdLogged) {
          log.warn("keepalived is stopped on purpose ({} exists); not starting it. `vippair-agent start-keepalived` undoes this",
              hold.file());
          holdLogged = true;
        }
        return;
      }
      holdLogged = false;
      if (!launches) {
        if (!waitLogged) {
          log.info("waiting for keepalived to be started (by the vippair-keepalived pod) with {} and {}", configFile, pids.mainFile());
          waitLogged = true;
        }
        return;
      }
      if (System.nanoTime() >= nextStartNanos) {
        launch();
      }
    } catch (RuntimeException e) {
      log.error("supervising keepalived failed; trying again", e);
    }
  }

  private void exited(ProcessHandle handle) {
    running = null;
    if (hold.held()) {
      log.info("keepalived pid {} was stopped on purpose (stop-keepalived)", handle.pid());
      return; // its instances announced STOP through the FIFO; that is what the pairs report
    }
    listener.runningChanged(false);
    if (System.nanoTime() - startedAtNanos > STABLE_AFTER.toNanos()) {
      failures = 0;
    }
    Duration delay = backoff.delay(failures++);
    nextStartNanos = System.nanoTime() + delay.toNanos();
    log.warn("keepalived pid {} exited; every pair reports FAULT until it runs again; {}", handle.pid(),
        launches ? "starting it in " + delay.toMillis() + " ms" : "its own supervisor starts it");
    onRestart.run();
  }

  private void launch() {
    pids.killStale();
    List<String> command = new ArrayList<>();
    if (SETSID.isPresent()) {
      command.add(SETSID.get()); // its own session: no signal for the agent's process group reaches it
    }
    command.addAll(List.of(binary.toString(), "-f", configFile.toString(),
        "-p", pids.mainFile().toString(), "-r", pids.vrrpFile().toString(), "-c", pids.checkersFile().toString(),
        "-l", "-D", "-n", "--vrrp"));
    try {
      Files.createDirectories(tmpDir);
      var builder = new ProcessBuilder(command)
          .redirectInput(new File("/dev/null"))
          .redirectOutput(ProcessBuilder.Redirect.INHERIT) // the journal stream outlives the agent; a pipe would not
          .redirectErrorStream(true);
      builder.environment().put("TMPDIR", tmpDir.toString());
      Process process = builder.start();
      log.info("started keepalived pid {}: {}", process.pid(), String.join(" ", command));
      watch(process.toHandle());
    } catch (IOException e) {
      Duration delay = backoff.delay(failures++);
      nextStartNanos = System.nanoTime() + delay.toNanos();
      log.error("cannot start keepalived ({}); retrying in {} ms", e.getMessage(), delay.toMillis());
    }
  }

  private void watch(ProcessHandle handle) {
    waitLogged = false;
    running = handle;
    startedAtNanos = System.nanoTime();
    listener.runningChanged(true);
  }

  private boolean runsOurConfig(ProcessHandle p) {
    return KeepalivedPids.commandLine(p).map(c -> c.contains(configFile.toString())).orElse(false);
  }

  private static final Optional<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid").stream()
      .filter(p -> Files.isExecutable(Path.of(p))).findFirst();

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
    return running != null && KeepalivedPids.alive(running);
  }

  @Override
  public synchronized OptionalLong pid() {
    return running == null ? OptionalLong.empty() : OptionalLong.of(running.pid());
  }

  @Override
  public String version() {
    return version.join();
  }

  /** Stops supervising. keepalived keeps running: the next agent adopts it. */
  @Override
  public void close() {
    ProcessHandle left;
    synchronized (this) {
      closed = true;
      if (poller != null) {
        poller.cancel(false);
      }
      left = running;
    }
    if (left != null && KeepalivedPids.alive(left)) {
      log.info("leaving keepalived pid {} running; the next agent adopts it (stop it on purpose with stop-keepalived)", left.pid());
    }
  }
}
