package io.vippair.cli;

/** The command ran but could not do its work (cluster unreachable, access denied, not found): exit status 1. */
public final class CommandFailed extends RuntimeException {
  public CommandFailed(String message) {
    super(message);
  }
}
