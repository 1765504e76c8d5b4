package io.vippair.agent;

import io.vippair.agent.exec.CommandRunner;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.keepalived.PairSettings;
import io.vippair.agent.keepalived.TrackFiles;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.VipPair;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator tells this member's keepalived through its status: the fence (step down:
 * FAULT, through the fence track file) and a planned switchover to this member (its priority is
 * raised in the rendered configuration, {@link PairSettings#SWITCHOVER_PRIORITY}). Both are reported
 * (fenced, switchoverReady) once in place, so the operator knows; a make-before-break switchover
 * also has this member hold the VIP outside keepalived ({@link SwitchoverAddress}). Owned by the agent's loop thread.
 */
final class OperatorTrackFiles {
  private static final Logger log = LoggerFactory.getLogger(OperatorTrackFiles.class);

  private final String member;
  private final Path trackDir;
  private final ReportBook book;
  private final Map<PairKey, Boolean> fenceWritten = new HashMap<>();
  private final Map<PairKey, String> switchoverWanted = new HashMap<>();
  private final Map<PairKey, String> readyScheduled = new HashMap<>();
  private final ScheduledExecutorService loop;
  private final SwitchoverAddress switchoverAddress;

  OperatorTrackFiles(String member, Path trackDir, ReportBook book, ScheduledExecutorService loop, CommandRunner commands) {
    this.member = member;
    this.switchoverAddress = new SwitchoverAddress(member, commands, book);
    this.loop = loop;
    this.trackDir = trackDir;
    this.book = book;
  }

  void apply(PairKey key, VipPair pair) {
    fence(key, pair.getStatus() == null ? null : pair.getStatus().getFence());
    switchover(key, PairSettings.switchoverTo(pair, member));
    switchoverAddress.apply(key, pair);
  }

  void forget(PairKey key) {
    fenceWritten.remove(key);
    switchoverWanted.remove(key);
    readyScheduled.remove(key);
    switchoverAddress.forget(key);
  }

  private void fence(PairKey key, Fence fence) {
    boolean fenced = fence != null && member.equals(fence.getMember());
    Boolean before = fenceWritten.get(key);
    if (!Boolean.valueOf(fenced).equals(before)) {
      TrackFiles.write(TrackFiles.of(trackDir, key).fence(), fenced);
      fenceWritten.put(key, fenced);
      if (fenced) {
        log.warn("{}: fenced by the operator ({}); keepalived instance held in FAULT", key, fence.getReason());
      } else if (before != null) {
        log.info("{}: fence lifted", key);
      }
    }
    book.update(key, r -> r.withFenced(fenced));
  }

  /**
   * After keepalived was given the rendered settings: a planned switchover to this member is
   * reported ready (switchoverReady) one advert interval after its raised priority went to
   * keepalived. A reload reopens keepalived's VRRP sockets and restarts its timers: a priority-0
   * advert that arrives meanwhile is lost, and the instance then waits its whole master-down
   * interval (3 s measured in the lab). One advert interval later it has heard the master again.
   */
  void confirmSwitchovers(Map<PairKey, PairSettings> rendered) {
    switchoverAddress.sweepOnce(); // the first call follows the first apply of every pair
    switchoverWanted.forEach((key, nonce) -> {
      PairSettings applied = rendered.get(key);
      if (applied != null && applied.priority() == PairSettings.SWITCHOVER_PRIORITY && !nonce.equals(readyScheduled.get(key))) {
        readyScheduled.put(key, nonce);
        loop.schedule(() -> {
          if (nonce.equals(switchoverWanted.get(key))) {
            book.update(key, r -> r.withSwitchoverReady(nonce));
          }
        }, applied.advertIntervalMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  private void switchover(PairKey key, String nonce) {
    String before = switchoverWanted.get(key);
    if (nonce == null) {
      switchoverWanted.remove(key);
      readyScheduled.remove(key);
      book.update(key, r -> r.withSwitchoverReady(null));
    } else {
      switchoverWanted.put(key, nonce);
    }
    if (!Objects.equals(before, nonce)) {
      log.info("{}: planned switchover to this member {}", key, nonce != null ? nonce + ": raising the keepalived priority to "
          + PairSettings.SWITCHOVER_PRIORITY : "over: priority back to the spec's");
    }
  }
}
