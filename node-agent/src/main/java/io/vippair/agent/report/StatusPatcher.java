package io.vippair.agent.report;

import io.vippair.agent.keepalived.PairKey;
import java.io.IOException;
import java.time.Duration;

/** Sends one JSON merge patch to a VipPair's /status subresource; returns the HTTP status. */
public interface StatusPatcher {
  /** Throws IOException when there is no answer within timeout (or no connection at all). */
  int patchStatus(PairKey pair, String mergePatchJson, Duration timeout) throws IOException;
}
