package io.vippair.agent;

import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.keepalived.PairSettings;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Make-before-break switchover (docs/operator-decision.md, rule 26b): while one to this member is
 * in progress, this member holds the VIP as a /32 on {@code lo}, outside keepalived, so that the
 * cloud may route the VIP here before VRRP hands over (Linux accepts packets for any local
 * address). keepalived manages the VIP on the pair's interface only and never sees this one; the
 * label {@value #LABEL} finds it again. It is dropped as soon as the switchover is no longer in
 * progress (succeeded, which needs this member MASTER with keepalived's own VIP in place; failed;
 * withdrawn) or the pair leaves the agent, and once after a start for every pair that has no such
 * switchover (an agent that crashed while holding one). Owned by the agent's loop thread.
 */
final class SwitchoverAddress {
  private static final Logger log = LoggerFactory.getLogger(SwitchoverAddress.class);
  /** An interface label must start with the device's name and fit in 15 characters. */
  static final String LABEL = "lo:vippair";
  private static final Duration IP_TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern INET = Pattern.compile("\\binet (\\d{1,3}(?:\\.\\d{1,3}){3})/32\\b");

  private final String member;
  private final CommandRunner commands;
  private final ReportBook book;
  /** The VIP held per pair, with the nonce it is held for. */
  private final Map<PairKey, Held> held = new HashMap<>();
  /** The nonce whose address could not be added, so a failing `ip` is not retried on every pair event. */
  private final Map<PairKey, String> failed = new HashMap<>();
  private boolean swept;

  private record Held(String vip, String nonce) {}

  SwitchoverAddress(String member, CommandRunner commands, ReportBook book) {
    this.member = member;
    this.commands = commands;
    this.book = book;
  }

  /** The nonce of a make-before-break switchover to this member in progress, or null. */
  static String wanted(VipPair pair, String member) {
    String nonce = PairSettings.switchoverTo(pair, member);
    SwitchoverStatus s = pair.getStatus() == null ? null : pair.getStatus().getSwitchover();
    boolean mbb = s != null && s.makeBeforeBreak() && pair.getSpec().getVip() != null;
    return nonce != null && mbb ? nonce : null;
  }

  void apply(PairKey key, VipPair pair) {
    String nonce = wanted(pair, member);
    Held now = held.get(key);
    if (nonce == null) {
      failed.remove(key);
      drop(key);
      return;
    }
    String vip = pair.getSpec().getVip().getAddress();
    if (now != null && now.vip().equals(vip)) {
      if (!now.nonce().equals(nonce)) {
        held.put(key, new Held(vip, nonce));
        book.update(key, r -> r.withSwitchoverVipHeld(nonce));
      }
      return;
    }
    drop(key);
    if (nonce.equals(failed.get(key))) {
      return;
    }
    var result = commands.run(List.of("ip", "-4", "address", "add", vip + "/32", "dev", "lo", "label", LABEL), IP_TIMEOUT);
    // still there from before a restart ("File exists" from older iproute2): it is ours to hold again
    if (!result.ok() && !result.output().contains("already assigned") && !result.output().contains("File exists")) {
      failed.put(key, nonce);
      log.warn("{}: make-before-break switchover {}: cannot add the VIP {} to lo ({}); the operator gives up on it,"
          + " nothing moves", key, nonce, vip, result.output());
      return;
    }
    held.put(key, new Held(vip, nonce));
    book.update(key, r -> r.withSwitchoverVipHeld(nonce));
    log.info("{}: make-before-break switchover {}: holding the VIP {} on lo until keepalived holds it", key, nonce, vip);
  }

  void forget(PairKey key) {
    failed.remove(key);
    drop(key);
  }

  /**
   * Once, after the first apply of every pair: removes labelled addresses this agent does not
   * hold now (left by an agent that stopped while a switchover was in progress).
   */
  void sweepOnce() {
    if (swept) {
      return;
    }
    swept = true;
    var listed = commands.run(List.of("ip", "-4", "-o", "address", "show", "dev", "lo", "label", LABEL), IP_TIMEOUT);
    if (!listed.ok()) {
      log.warn("cannot list the addresses on lo labelled {} ({}); a VIP left there by an earlier run stays", LABEL, listed.output());
      return;
    }
    Set<String> keep = Set.copyOf(held.values().stream().map(Held::vip).toList());
    List<String> stale = new ArrayList<>();
    Matcher m = INET.matcher(listed.output());
    while (m.find()) {
      if (!keep.contains(m.group(1))) {
        stale.add(m.group(1));
      }
    }
    for (String vip : stale) {
      log.warn("removing the VIP {} from lo: held for a make-before-break switchover that is no longer in progress", vip);
      delete(vip);
    }
  }

  private void drop(PairKey key) {
    Held h = held.remove(key);
    if (h == null) {
      return;
    }
    delete(h.vip());
    book.update(key, r -> r.withSwitchoverVipHeld(null));
    log.info("{}: make-before-break switchover {} over: the VIP {} is no longer held on lo", key, h.nonce(), h.vip());
  }

  private void delete(String vip) {
    var result = commands.run(List.of("ip", "-4", "address", "del", vip + "/32", "dev", "lo", "label", LABEL), IP_TIMEOUT);
    boolean gone = result.output().contains("Address not found") || result.output().contains("Cannot assign requested address");
    if (!result.ok() && !gone) {
      log.warn("cannot remove the VIP {} from lo ({}); remove it by hand: ip address del {}/32 dev lo", vip, result.output(), vip);
    }
  }
}
