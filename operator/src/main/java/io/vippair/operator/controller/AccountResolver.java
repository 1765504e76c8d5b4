package io.vippair.operator.controller;

import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.CloudAccount;

/** Which cloud account and region a pair's calls use (its Secret, or the operator's default). */
@FunctionalInterface
public interface AccountResolver {

  /** Throws {@link Unavailable} when the credentials are missing or invalid. */
  CloudAccount accountFor(VipPair pair) throws Unavailable;

  /**
   * The pair's credentials cannot be used; nothing is sent to the cloud for it.
   *
   * @param reason a CamelCase condition reason, e.g. CredentialsSecretMissing
   * @param message what is wrong and how to fix it; never contains a secret
   */
  final class Unavailable extends Exception {
    private final String reason;

    public Unavailable(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }
}
