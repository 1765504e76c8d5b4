package io.vippair.agent.keepalived;

/** A VipPair this agent cannot render; the message names the field and the fix. */
public class InvalidPairException extends Exception {
  public InvalidPairException(String message) {
    super(message);
  }
}
