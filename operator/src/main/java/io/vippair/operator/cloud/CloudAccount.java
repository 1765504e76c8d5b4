package io.vippair.operator.cloud;

import java.util.Objects;

/**
 * The credentials and region a cloud call is made with. Rate limits are shared per account and
 * region. {@link #toString()} never shows the secret.
 */
public record CloudAccount(String region, CloudCredentials credentials) {
  public CloudAccount {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
  }
}
