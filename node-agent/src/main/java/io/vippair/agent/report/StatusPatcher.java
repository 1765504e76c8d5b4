package io.vippair.agent.report;

import io.vippair.agent.keepalived.PairKey;
import java.io.IOException;

/** Sends one JSON merge patch to a VipPair's /status subresource; returns the HTTP status. */
public interface StatusPatcher {
  int patchStatus(PairKey pair, String mergePatchJson) throws IOException;
}
