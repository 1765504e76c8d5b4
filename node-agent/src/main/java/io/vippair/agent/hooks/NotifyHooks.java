package io.vippair.agent.hooks;

import io.vippair.agent.config.NotifyCommand;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.metrics.AgentMetrics;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each pair's notify hooks on its VRRP transitions, on threads of its own: handing a
 * transition over takes a lock and a map lookup, so the report of the transition never waits for a
 * hook. Per pair at most one run at a time, in transition order: a transition that arrives while
 * the pair's hooks run waits for them (a MASTER hook promoting a database is not killed half way by
 * a BACKUP), and of several that wait only the latest runs (the hooks are for the state the
 * instance is in, not for states it has left). Each hook is killed after its timeout.
 */
public final class NotifyHooks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotifyHooks.class);
  /** Hooks of different pairs running at once: a hung hook (until its timeout) holds one. */
  static final int THREADS = 4;
  /** At most one queued run per pair: this bounds the pairs one VM can be a member of, far beyond real ones. */
  static final int QUEUE = 1024;
  /** How much of a hook's output a log line carries. */
  static final int MAX_LOGGED = 1000;
  /** How much of it the report carries. */
  static final int MAX_REPORTED = 200;

  private static final class Slot {
    HookPlan plan;
    boolean running;
    /** The latest transition that arrived while the hooks ran, not yet run. */
    VrrpRole waiting;
    String lastFailure;
  }

  private final String member;
  private final CommandRunner commands;
  private final ReportBook book;
  private final AgentMetrics metrics;
  private final ThreadPoolExecutor executor;
  private final Map<PairKey, Slot> slots = new HashMap<>();

  public NotifyHooks(String member, CommandRunner commands, ReportBook book, AgentMetrics metrics) {
    this.member = member;
    this.commands = commands;
    this.book = book;
    this.metrics = metrics;
    this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(r, "notify-hook");
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  /** The pair's hooks from now on (null: none). Runs nothing: hooks run on transitions only. */
  public synchronized void set(PairKey pair, HookPlan plan) {
    if (replace(pair, plan)) {
      report(pair);
    }
  }

  /** The pair is gone: its hooks run no more (one running finishes); nothing is reported for it any more. */
  public synchronized void remove(PairKey pair) {
    replace(pair, null);
  }

  /** Whether the pair had or has hooks. */
  private boolean replace(PairKey pair, HookPlan plan) {
    Slot slot = slots.get(pair);
    if (slot == null && plan == null) {
      return false;
    }
    if (slot == null) {
      slot = new Slot();
      slots.put(pair, slot);
      log.info("{}: notify hooks {}{}", pair, plan.hooks().stream().map(h -> h.command().name()).toList(),
          plan.missing().isEmpty() ? "" : " (not defined here: " + plan.missing() + ")");
    }
    if (plan == null) {
      slot.lastFailure = null;
    }
    slot.plan = plan;
    if (plan == null && !slot.running) {
      slots.remove(pair);
    }
    return true;
  }

  /** The pair's instance entered state: its hooks for that state run (now, or after the ones running). */
  public void transition(PairKey pair, VrrpRole state) {
    synchronized (this) {
      Slot slot = slots.get(pair);
      if (slot == null || slot.plan == null) {
        return;
      }
      if (slot.running) {
        if (slot.waiting != null) {
          log.info("{}: {} hooks not run: the instance is {} now", pair, slot.waiting, state);
        }
        slot.waiting = state;
        return;
      }
      start(pair, slot, state);
    }
  }

  /** Called with the lock held. */
  private void start(PairKey pair, Slot slot, VrrpRole state) {
    if (slot.plan.on(member, state).isEmpty()) {
      return;
    }
    slot.running = true;
    try {
      executor.execute(() -> runAll(pair, state));
    } catch (RejectedExecutionException e) {
      slot.running = false;
      metrics.notifyHook(pair, "-", "rejected", -1, Duration.ZERO);
      log.warn("{}: {} hooks not run: more than {} pairs' hooks are waiting", pair, state, QUEUE);
    }
  }

  private void runAll(PairKey pair, VrrpRole state) {
    try {
      HookPlan plan;
      synchronized (this) {
        Slot slot = slots.get(pair);
        plan = slot == null ? null : slot.plan;
      }
      if (plan != null) {
        for (NotifyCommand hook : plan.on(member, state)) {
          runOne(plan, hook, state);
        }
      }
    } finally {
      finished(pair);
    }
  }

  private void finished(PairKey pair) {
    synchronized (this) {
      Slot slot = slots.get(pair);
      if (slot == null) {
        return;
      }
      slot.running = false;
      VrrpRole next = slot.waiting;
      slot.waiting = null;
      if (slot.plan == null) {
        slots.remove(pair);
      } else if (next != null) {
        start(pair, slot, next);
      }
    }
  }

  private void runOne(HookPlan plan, NotifyCommand hook, VrrpRole state) {
    List<String> command = new ArrayList<>(hook.command());
    command.addAll(plan.arguments(state));
    long started = System.nanoTime();
    CommandRunner.Result r;
    try {
      r = commands.run(command, plan.environment(member, state), hook.timeout());
    } catch (RuntimeException e) {
      r = new CommandRunner.Result(127, e.toString(), false);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String result = r.timedOut() ? "timeout" : r.exitCode() == 0 ? "ok" : "failed";
    metrics.notifyHook(plan.pair(), hook.name(), result, r.timedOut() ? -1 : r.exitCode(), took);
    String output = r.output().isEmpty() ? "" : ": " + oneLine(r.output(), MAX_LOGGED);
    String failure = null;
    if (r.ok()) {
      log.info("{}: notify hook {} ({}) exited 0 in {} ms{}", plan.pair(), hook.name(), state, took.toMillis(), output);
    } else {
      String why = r.timedOut() ? "was killed after its timeout of " + hook.timeout().toSeconds() + " s" : "exited " + r.exitCode();
      log.warn("{}: notify hook {} ({}) {} after {} ms{}", plan.pair(), hook.name(), state, why, took.toMillis(), output);
      failure = "notify hook " + hook.name() + " (" + state + ") " + why
          + (r.output().isEmpty() ? "" : ": " + oneLine(r.output(), MAX_REPORTED));
    }
    synchronized (this) {
      Slot slot = slots.get(plan.pair());
      if (slot != null && slot.plan != null) { // a pair removed meanwhile gets no report
        slot.lastFailure = failure;
        report(plan.pair());
      }
    }
  }

  /** The pair's report says which hooks cannot run, else how the last run failed, else nothing. */
  private synchronized void report(PairKey pair) {
    Slot slot = slots.get(pair);
    String missing = slot == null || slot.plan == null ? null : slot.plan.missingMessage();
    String error = missing != null ? missing : slot == null ? null : slot.lastFailure;
    book.update(pair, r -> r.withNotifyError(error));
  }

  private static String oneLine(String text, int max) {
    // one line per run, whatever the hook printed: no line breaks or control characters reach the log
    String line = text.strip().replaceAll("\\s*\\R\\s*", " | ").replaceAll("\\p{Cntrl}", "?");
    return line.length() > max ? line.substring(0, max) + "..." : line;
  }

  /** New runs stop; a hook running now is left to finish (it may be promoting a database). */
  @Override
  public void close() {
    executor.shutdown();
  }
}
