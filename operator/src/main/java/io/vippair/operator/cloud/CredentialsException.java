package io.vippair.operator.cloud;

/**
 * Credentials for a pair could not be found: the message names the Secret or variable, the
 * missing key, and the fix. Kind {@link CloudException.Kind#AUTH}, action "ResolveCredentials";
 * never contains a secret value.
 */
public final class CredentialsException extends CloudException {
  public static final String ACTION = "ResolveCredentials";

  public CredentialsException(String code, String message) {
    super(Kind.AUTH, ACTION, code, message, null, null);
  }
}
