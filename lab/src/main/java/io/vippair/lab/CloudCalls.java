package io.vippair.lab;

import io.vippair.emulator.CloudEmulator;
import java.util.List;

/**
 * When the cloud received the operator's changes: polls the emulator's request counters every 2 ms
 * (the emulator counts requests but does not time them) and puts each new request on the timeline.
 * Resolution: about 2 ms.
 */
final class CloudCalls implements AutoCloseable {
  static final List<String> CHANGES = List.of("MigratePrivateIpAddress", "AssignPrivateIpAddresses", "UnassignPrivateIpAddresses");

  private final CloudEmulator emulator;
  private final Timeline timeline;
  private final Thread poller;
  private volatile boolean closed;

  CloudCalls(CloudEmulator emulator, Timeline timeline) {
    this.emulator = emulator;
    this.timeline = timeline;
    this.poller = new Thread(this::poll, "lab-cloud-calls");
    poller.setDaemon(true);
    poller.start();
  }

  /** Requests of that action received so far (whatever their outcome). */
  long count(String action) {
    return emulator.requests(action);
  }

  private void poll() {
    long[] seen = new long[CHANGES.size()];
    while (!closed) {
      for (int i = 0; i < CHANGES.size(); i++) {
        long n = emulator.requests(CHANGES.get(i));
        if (n > seen[i]) {
          timeline.add(Timeline.Kind.CLOUD_CALL, null, CHANGES.get(i) + " request received" + (n - seen[i] > 1 ? " x" + (n - seen[i]) : ""));
          seen[i] = n;
        }
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    poller.interrupt();
  }
}
