package io.vippair.operator.cloud.tencent;

import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import io.vippair.operator.cloud.BoundedLru;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Waits for the task that holds an ENI's lock to end, so a change the cloud refused with
 * MutexOperationTaskRunning is sent again within {@link #POLL} (plus one round trip) of that end
 * instead of after a back-off. Two VIPs on the same two ENIs are common (one VM pair, several
 * services), and the cloud runs one task per ENI: with the back-off the second VIP waited 1.4–2.2 s
 * for a 1 s task (docs/performance.md). The task is seen to end when none of the ENIs' private IPs
 * is MIGRATING, PENDING or DELETING any more (the task's id is not in the refusal's documented
 * shape, so DescribeVpcTaskResult cannot be asked). Every call waiting on the same ENIs shares one
 * look per {@link #POLL}: N refused VIPs of one ENI pair cost 1000 / POLL DescribeNetworkInterfaces
 * per second while they wait, not N times that.
 */
final class EniTaskEnds {
  /** How often the ENIs are looked at while a change waits for their task to end. */
  static final Duration POLL = Duration.ofMillis(30);
  /** The longest one wait lasts; then the caller falls back to its back-off. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final int MAX_KEYS = 1024;

  /** Describes the given ENIs now. */
  @FunctionalInterface
  interface Describe {
    Map<String, NetworkInterface> enis(List<String> ids) throws CloudException;
  }

  private record Key(CloudAccount account, List<String> enis) {}

  /** The last look at one set of ENIs (guarded by itself). */
  private static final class Look {
    boolean taken;
    long at;
    boolean idle;
  }

  private final Map<Key, Look> looks = new BoundedLru<>(MAX_KEYS);
  private final RateLimiter.Sleeper sleeper;

  EniTaskEnds(RateLimiter.Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  /** How a wait ended. */
  enum Outcome {
    /** The ENIs were seen busy, then idle: the task that refused the change has ended. */
    ENDED,
    /**
     * The first look already showed them idle: the task ended before it, or it is not visible on
     * these ENIs (a migration between two other ENIs locks its destination, yet only its source
     * lists the IP as MIGRATING).
     */
    NOT_SEEN,
    /** {@link #MAX_WAIT} passed with the ENIs still busy. */
    TIMED_OUT
  }

  /** Returns once a look taken after this call began shows the ENIs idle, or after {@link #MAX_WAIT}. */
  Outcome await(CloudAccount account, Collection<String> enis, Describe describe) throws CloudException, InterruptedException {
    Key key = new Key(account, List.copyOf(new TreeSet<>(enis)));
    Look look;
    synchronized (looks) {
      look = looks.computeIfAbsent(key, k -> new Look());
    }
    long since = System.nanoTime();
    long deadline = since + MAX_WAIT.toNanos();
    long poll = POLL.toNanos();
    boolean sawBusy = false;
    while (System.nanoTime() < deadline) {
      long nextLook;
      synchronized (look) {
        long now = System.nanoTime();
        // a look from before the refusal may predate the task that refused us: never trust it
        if (!look.taken || look.at - since < 0 || now - look.at >= poll) {
          look.idle = idle(describe.enis(key.enis()).values());
          look.at = System.nanoTime();
          look.taken = true;
        }
        if (look.at - since >= 0) {
          if (look.idle) {
            return sawBusy ? Outcome.ENDED : Outcome.NOT_SEEN;
          }
          sawBusy = true;
        }
        nextLook = look.at + poll;
      }
      sleeper.sleepNanos(Math.max(1_000_000, nextLook - System.nanoTime()));
    }
    return Outcome.TIMED_OUT;
  }

  /** No private IP of these ENIs is being moved, added or removed by a task. */
  static boolean idle(Collection<NetworkInterface> enis) {
    for (NetworkInterface eni : enis) {
      PrivateIpAddressSpecification[] ips = eni.getPrivateIpAddressSet();
      if (ips == null) {
        continue;
      }
      for (PrivateIpAddressSpecification ip : ips) {
        String state = ip.getState();
        if ("MIGRATING".equals(state) || "PENDING".equals(state) || "DELETING".equals(state)) {
          return false;
        }
      }
    }
    return true;
  }
}
