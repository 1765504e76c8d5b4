package io.vippair.agent;

import io.vippair.agent.keepalived.PairKey;
import io.vippair.agent.keepalived.TrackFiles;
import io.vippair.agent.report.ReportBook;
import io.vippair.api.v1alpha1.Fence;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator tells this member's keepalived through its track files: the fence (step
 * down: FAULT) and, during a planned switchover to this member, the boost (a higher priority, so
 * that this member takes over as soon as the master steps down instead of after its skew). Each is
 * written when it changes and reported (fenced, switchoverReady), so the operator knows it is in
 * place. Owned by the agent's loop thread.
 */
final class OperatorTrackFiles {
  private static final Logger log = LoggerFactory.getLogger(OperatorTrackFiles.class);

  private final String member;
  private final Path trackDir;
  private final ReportBook book;
  private final Map<PairKey, Boolean> fenceWritten = new HashMap<>();
  private final Map<PairKey, String> boostWritten = new HashMap<>();

  OperatorTrackFiles(String member, Path trackDir, ReportBook book) {
    this.member = member;
    this.trackDir = trackDir;
    this.book = book;
  }

  void apply(PairKey key, VipPair pair) {
    fence(key, pair.getStatus() == null ? null : pair.getStatus().getFence());
    boost(key, boostedFor(pair));
  }

  void forget(PairKey key) {
    fenceWritten.remove(key);
    boostWritten.remove(key);
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

  /** The nonce of a planned switchover to this member that is in progress, or null. */
  private String boostedFor(VipPair pair) {
    SwitchoverStatus s = pair.getStatus() == null ? null : pair.getStatus().getSwitchover();
    var req = pair.getSpec() == null ? null : pair.getSpec().getSwitchover();
    boolean mine = s != null && req != null && s.getPhase() == SwitchoverPhase.InProgress && member.equals(s.getTo())
        && Objects.equals(req.getNonce(), s.getNonce());
    return mine ? s.getNonce() : null;
  }

  private void boost(PairKey key, String nonce) {
    if (!boostWritten.containsKey(key) || !Objects.equals(boostWritten.get(key), nonce)) {
      TrackFiles.write(TrackFiles.of(trackDir, key).boost(), nonce != null);
      if (nonce != null || boostWritten.get(key) != null) {
        log.info("{}: planned switchover {}: keepalived priority {}", key, nonce != null ? nonce : "over", nonce != null ? "raised" : "back");
      }
      boostWritten.put(key, nonce);
    }
    book.update(key, r -> r.withSwitchoverReady(nonce));
  }
}
