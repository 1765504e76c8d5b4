package io.vippair.agent.keepalived;

import io.vippair.agent.exec.CommandRunner;
import io.vippair.common.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's keepalived service, driven with systemctl: start, reload, and a poll of
 * {@code systemctl is-active} every 2 s. systemd restarts a crashed keepalived by itself when its
 * unit says so; the agent starts it again (with backoff) when it is found inactive, and reports
 * FAULT meanwhile. Stopping the agent leaves the service alone. While {@link KeepalivedHold} says
 * keepalived was stopped on purpose, the agent does not start it.
 */
public final class SystemdKeepalived implements Keepalived {
  private static final Logger log = LoggerFactory.getLogger(SystemdKeepalived.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String service;
  private final CommandRunner commands;
  private final ScheduledExecutorService scheduler;
  private final Listener listener;
  private final Backoff backoff;
  private final Runnable onRestart;
  private final String version;
  private final KeepalivedHold hold;

  private ScheduledFuture<?> poller;
  private Boolean active;
  private int failures;
  private long nextStartNanos;

  public SystemdKeepalived(String service, Path binary, KeepalivedHold hold, CommandRunner commands,
      ScheduledExecutorService scheduler, Listener listener, Backoff backoff, Runnable onRestart) {
    this.hold = hold;
    this.service = service;
    this.commands = commands;
    this.scheduler = scheduler;
    this.listener = listener;
    this.backoff = backoff;
    this.onRestart = onRestart;
    this.version = KeepalivedVersion.of(binary, commands);
  }

  @Override
  public synchronized void start() {
    if (poller != null) {
      return;
    }
    poll();
    poller = scheduler.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized void poll() {
    boolean now = systemctl("is-active", "--quiet").ok();
    if (!now && hold.held()) {
      return; // stopped on purpose: its instances announced STOP, which is what the pairs report
    }
    if (!now) {
      boolean wasKnown = active != null;
      changed(false); // report FAULT even if the start below brings it straight back
      if (System.nanoTime() >= nextStartNanos) {
        if (wasKnown) {
          onRestart.run();
        }
        var started = systemctl("start");
        if (!started.ok()) {
          log.warn("systemctl start {} failed: {}", service, started.output());
        }
        nextStartNanos = System.nanoTime() + backoff.delay(failures++).toNanos();
        now = systemctl("is-active", "--quiet").ok();
      }
    }
    if (now) {
      failures = 0;
    }
    changed(now);
  }

  private void changed(boolean now) {
    if (active == null && now) {
      pid().ifPresent(listener::adopted); // running before this agent: ask for its states
    }
    if (active == null || active != now) {
      active = now;
      log.info("keepalived service {} is {}", service, now ? "active" : "not active; every pair reports FAULT");
      listener.runningChanged(now);
    }
  }

  @Override
  public synchronized void reload() {
    var result = systemctl("reload");
    if (!result.ok()) {
      log.warn("systemctl reload {} failed: {}", service, result.output());
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return Boolean.TRUE.equals(active);
  }

  @Override
  public OptionalLong pid() {
    var result = systemctl("show", "--property=MainPID", "--value");
    try {
      long pid = Long.parseLong(result.output().strip());
      return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public String version() {
    return version;
  }

  private CommandRunner.Result systemctl(String... args) {
    var command = new java.util.ArrayList<String>();
    command.add("systemctl");
    command.addAll(List.of(args));
    command.add(service);
    return commands.run(command, TIMEOUT);
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.cancel(false);
    }
  }
}
