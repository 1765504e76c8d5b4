package io.vippair.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a user of the VIP sees: `ping -D` from the client namespace every 20 ms, the reply times
 * kept (the last 30 minutes' worth at most) to measure outages afterwards.
 */
final class PingProber implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofMillis(20);
  private static final int MAX_REPLIES = (int) (Duration.ofMinutes(30).toMillis() / INTERVAL.toMillis());

  private final String vip;
  private final Process process;
  private final ArrayDeque<Instant> replies = new ArrayDeque<>();
  /** icmp_seq of each reply in replies, in the same order. */
  private final ArrayDeque<Integer> seqs = new ArrayDeque<>();

  private PingProber(String vip, Process process) {
    this.vip = vip;
    this.process = process;
    Thread reader = new Thread(this::read, "ping-" + vip);
    reader.setDaemon(true);
    reader.start();
  }

  static PingProber start(String clientNs, String vip) {
    // niced: in a VPC the client is a machine of its own; here it shares two cores with the JVMs of
    // the lab, and a ping that is not scheduled sends nothing, which would read as a VIP outage
    List<String> cmd = Cmd.inNetns(clientNs, List.of("nice", "-n", "-15", "ping", "-D", "-n", "-i", "0.02", "-W", "1", vip));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      return new PingProber(vip, p);
    } catch (IOException e) {
      throw new LabException("cannot start ping in " + clientNs + ": " + e.getMessage()
          + "; install it with `apt-get install -y iputils-ping`", e);
    }
  }

  String vip() {
    return vip;
  }

  private void read() {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String l = line;
        PingReplies.parse(l).ifPresent(t -> add(t, PingReplies.seq(l)));
      }
    } catch (IOException e) {
      // the process ended; close() is on its way
    }
  }

  private synchronized void add(Instant reply, int seq) {
    if (replies.size() == MAX_REPLIES) {
      replies.removeFirst();
      seqs.removeFirst();
    }
    replies.addLast(reply);
    seqs.addLast(seq);
  }

  /** Echo requests without a reply between [from, to], from the replies' sequence numbers. */
  synchronized long lost(Instant from, Instant to) {
    return PingReplies.lost(new ArrayList<>(replies), new ArrayList<>(seqs), from, to);
  }

  synchronized List<Instant> replies() {
    return new ArrayList<>(replies);
  }

  /** The longest run of lost replies overlapping [from, to]. */
  Duration outage(Instant from, Instant to) {
    return PingReplies.longestGap(replies(), from, to);
  }

  Optional<Instant> firstReplyAfter(Instant t) {
    return PingReplies.firstAfter(replies(), t);
  }

  synchronized Optional<Instant> lastReply() {
    return Optional.ofNullable(replies.peekLast());
  }

  /**
   * Whether replies are flowing now: one within the last 400 ms (20 lost pings; less flickers on a
   * loaded machine where reading ping's output lags). Outages are measured from ping's own
   * timestamps, not from this.
   */
  boolean answering() {
    return lastReply().map(r -> r.isAfter(Instant.now().minusMillis(400))).orElse(false);
  }

  @Override
  public void close() {
    process.destroy();
  }
}
