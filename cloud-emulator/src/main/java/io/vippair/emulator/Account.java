package io.vippair.emulator;

import java.util.Objects;

/**
 * An API key pair. When {@code token} is non-null, every request signed with this key must carry it
 * in X-TC-Token (like temporary STS credentials); when null, no token is required.
 */
public record Account(String secretId, String secretKey, String token) {
    public Account {
        Objects.requireNonNull(secretId, "secretId");
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretId.isBlank() || secretKey.isBlank()) {
            throw new IllegalArgumentException("account: secretId and secretKey must be non-empty");
        }
    }

    /** Never prints the key or the token. */
    @Override
    public String toString() {
        return "Account[secretId=" + secretId + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
