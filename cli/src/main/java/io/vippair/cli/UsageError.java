package io.vippair.cli;

/**
 * Something the user must fix before the command can do its work (a flag, an argument, a file,
 * the kubeconfig, the cluster's address or the user's access, a pair's name): exit status 2 and
 * one line naming the fix.
 */
public final class UsageError extends RuntimeException {
  public UsageError(String message) {
    super(message);
  }
}
