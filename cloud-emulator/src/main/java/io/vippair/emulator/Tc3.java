package io.vippair.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TC3-HMAC-SHA256, written from Tencent's published "signature v3" description (not from the SDK's
 * code), so that the emulator checks the SDK rather than agreeing with it by construction.
 * Pure functions only; {@link Tc3Verifier} applies them to a request.
 */
public final class Tc3 {
    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    public static final String TERMINATOR = "tc3_request";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Tc3() {}

    /** The UTC calendar date of a Unix timestamp, as used in the credential scope. */
    public static String date(long timestampSeconds) {
        return DATE.format(Instant.ofEpochSecond(timestampSeconds));
    }

    public static String credentialScope(String date, String service) {
        return date + "/" + service + "/" + TERMINATOR;
    }

    /**
     * @param signedHeaders lowercase header name to its value, in the order of SignedHeaders (sorted)
     * @param hashedPayload lowercase hex SHA-256 of the body (or of "UNSIGNED-PAYLOAD")
     */
    public static String canonicalRequest(String method, String canonicalQuery,
                                          List<Map.Entry<String, String>> signedHeaders, String hashedPayload) {
        StringBuilder headers = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (Map.Entry<String, String> h : signedHeaders) {
            headers.append(h.getKey()).append(':').append(h.getValue().trim().toLowerCase()).append('\n');
            if (names.length() > 0) {
                names.append(';');
            }
            names.append(h.getKey());
        }
        return method + "\n/\n" + canonicalQuery + "\n" + headers + "\n" + names + "\n" + hashedPayload;
    }

    public static String stringToSign(long timestampSeconds, String credentialScope, String canonicalRequest) {
        return ALGORITHM + "\n" + timestampSeconds + "\n" + credentialScope + "\n" + sha256Hex(canonicalRequest);
    }

    public static String signature(String secretKey, String date, String service, String stringToSign) {
        byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, service);
        byte[] secretSigning = hmac(secretService, TERMINATOR);
        return HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
    }

    public static String authorization(String secretId, String credentialScope, String signedHeaderNames, String signature) {
        return ALGORITHM + " Credential=" + secretId + "/" + credentialScope
                + ", SignedHeaders=" + signedHeaderNames + ", Signature=" + signature;
    }

    public static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Constant-time comparison of two hex signatures. */
    static boolean sameSignature(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
