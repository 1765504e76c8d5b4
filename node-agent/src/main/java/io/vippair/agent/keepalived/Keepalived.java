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

  /** Stops supervising; in child mode also stops keepalived. */
  @Override
  void close();
}
