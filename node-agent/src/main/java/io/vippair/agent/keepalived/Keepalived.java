package io.vippair.agent.keepalived;

import java.util.OptionalLong;

/**
 * The running keepalived, whichever way it is run (child process or system service). The agent
 * only ever starts it, reloads it and asks whether it runs; supervision (restart with backoff) is
 * the implementation's job, and it tells the listener whenever keepalived starts or stops running.
 */
public interface Keepalived extends AutoCloseable {

  /** Told true when keepalived (re)starts running, false when it stops. */
  interface Listener {
    void runningChanged(boolean running);

    /**
     * keepalived pid was found already running (left by a previous agent, or the system's
     * service): its states must be asked for, no transition will tell them. Called just before
     * {@code runningChanged(true)}.
     */
    default void adopted(long pid) {}
  }

  /** Whether a keepalived that start() would adopt is running already (adopting it changes nothing). */
  default boolean runningAlready() {
    return false;
  }

  /** Starts keepalived unless it runs, and supervises it from then on. */
  void start();

  /** Makes keepalived re-read its configuration (SIGHUP / systemctl reload). */
  void reload();

  boolean isRunning();

  /** keepalived's main process id, when known. */
  OptionalLong pid();

  /** keepalived's version, e.g. "2.2.7", or "unknown". */
  String version();

  /** Stops supervising. keepalived keeps running: only stop-keepalived stops it ({@link KeepalivedControl}). */
  @Override
  void close();
}
