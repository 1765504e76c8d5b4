package io.vippair.cli;

/** A mistake in what the user asked for (a flag, an argument, a file): exit status 2 and one line naming the fix. */
public final class UsageError extends RuntimeException {
  public UsageError(String message) {
    super(message);
  }
}
