package io.vippair.cli;

import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vippair switchover NS/NAME [--to MEMBER] [--make-before-break] [--wait] [--timeout D]: files a planned switchover
 * (spec.switchover with a fresh nonce, so the operator sees a new request at once) and, with
 * --wait, follows status.switchover until the operator answers that nonce. Exit status: 0 filed
 * (or, with --wait, succeeded), 1 refused, failed, or not answered within the timeout, 2 fix what
 * the line says.
 */
final class SwitchoverCommand {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  static final Duration POLL = Duration.ofMillis(200);
  private static final Pattern DURATION = Pattern.compile("^(\\d{1,6})(ms|s|m)?$");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SwitchoverCommand() {}

  static int run(Args a, Map<String, String> env, PrintStream out, Clock clock) {
    if (a.positional().size() != 1) {
      throw new UsageError("switchover takes one pair: vippair switchover NS/NAME [--to MEMBER] [--make-before-break] [--wait] [--timeout D]");
    }
    Duration timeout = a.value("--timeout") == null ? DEFAULT_TIMEOUT : duration(a.value("--timeout"));
    try (Kube kube = Kube.connect(a, env)) {
      PairRef ref = PairRef.parse(a.positional().get(0), kube.namespace());
      VipPair pair = kube.pair(ref);
      String to = target(pair, ref, a.value("--to"));
      String nonce = STAMP.format(clock.instant()) + "-" + letters(6);
      boolean mbb = a.has("--make-before-break");
      if (mbb && pair.getSpec().getCloud() != null && pair.getSpec().getCloud().haVipMode()) {
        throw new UsageError("--make-before-break needs spec.cloud.mode Eni; " + ref + " is an HAVIP pair, whose traffic follows"
            + " gratuitous ARP: leave the flag out");
      }
      VipPair filed = kube.requestSwitchover(ref, to, nonce, mbb);
      out.println("switchover of " + ref + " to " + to + (mbb ? " (make-before-break)" : "") + " filed (nonce " + nonce + ", generation "
          + filed.getMetadata().getGeneration() + ")" + (a.has("--wait") ? "; waiting for the operator"
              : ": follow it with 'vippair status " + ref + "'"));
      return a.has("--wait") ? await(kube, ref, nonce, timeout, out) : 0;
    }
  }

  /** --to, checked against the members; else the member that is not the master (or not the VIP's owner). */
  static String target(VipPair pair, PairRef ref, String to) {
    var members = pair.getSpec().getMembers().stream().map(Member::getName).toList();
    if (to != null) {
      if (!members.contains(to)) {
        throw new UsageError("--to " + to + " is not a member of " + ref + ": give one of " + String.join(", ", members));
      }
      return to;
    }
    var status = pair.getStatus();
    String current = status == null ? null : status.getMaster() != null ? status.getMaster() : status.getCloudOwner();
    if (current == null || pair.getSpec().member(current) == null) {
      throw new UsageError(ref + " reports no master now, so the target cannot be chosen for you: name it with --to MEMBER ("
          + String.join(" or ", members) + ")");
    }
    return pair.getSpec().peerOf(current).getName();
  }

  private static int await(Kube kube, PairRef ref, String nonce, Duration timeout, PrintStream out) {
    long deadline = System.nanoTime() + timeout.toNanos();
    SwitchoverStatus last = null;
    while (true) {
      VipPair pair = kube.pair(ref);
      SwitchoverStatus s = pair.getStatus() == null ? null : pair.getStatus().getSwitchover();
      if (s != null && nonce.equals(s.getNonce())) {
        last = s;
        if (s.getPhase() != null && s.getPhase().finished()) {
          return outcome(ref, s, out);
        }
      }
      if (System.nanoTime() - deadline >= 0) {
        out.println("switchover of " + ref + ": not answered within " + describe(timeout) + " ("
            + (last == null ? "the operator has not taken it up; is it running?" : "phase " + last.getPhase() + ": " + last.getMessage())
            + "); follow it with 'vippair status " + ref + "'");
        return 1;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
  }

  private static int outcome(PairRef ref, SwitchoverStatus s, PrintStream out) {
    if (s.getPhase() == SwitchoverPhase.Succeeded) {
      out.println("switchover of " + ref + " succeeded: the VIP is on " + s.getTo() + " (from " + s.getFrom() + ") after "
          + s.getDurationMs() + " ms; clients were without it for about " + s.getOutageEstimateMs() + " ms");
      return 0;
    }
    out.println("switchover of " + ref + " " + s.getPhase().name().toLowerCase() + " (" + s.getReason() + "): " + s.getMessage());
    return 1;
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new UsageError("--timeout " + text + " is not a duration: give one like 30s, 2m or 500ms");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String letters(int n) {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
