package io.vippair.agent.keepalived;

import java.util.Map;

/** A whole keepalived.conf, and a short hash of each pair's part of it (reported as configHash). */
public record RenderedConfig(String text, Map<PairKey, String> pairHashes) {
  public RenderedConfig {
    pairHashes = Map.copyOf(pairHashes);
  }
}
