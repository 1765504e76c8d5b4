package io.vippair.operator.cloud;

import java.util.Objects;

/**
 * A Tencent Cloud API key pair and optional session token. Only the secretId appears in
 * {@link #toString()}; the key and token never leave this object except to sign a request.
 */
public final class CloudCredentials {
  private final String secretId;
  private final String secretKey;
  private final String token;

  public CloudCredentials(String secretId, String secretKey, String token) {
    this.secretId = Objects.requireNonNull(secretId, "secretId");
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    this.token = token == null || token.isEmpty() ? null : token;
  }

  public String secretId() { return secretId; }
  public String secretKey() { return secretKey; }
  /** The STS session token, or null. */
  public String token() { return token; }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudCredentials c
        && secretId.equals(c.secretId) && secretKey.equals(c.secretKey) && Objects.equals(token, c.token);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretId, secretKey, token);
  }

  @Override
  public String toString() {
    return "CloudCredentials[secretId=" + secretId + ", secretKey=***" + (token != null ? ", token=***" : "") + "]";
  }
}
