package io.vippair.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a request's TC3-HMAC-SHA256 Authorization the way the Tencent API gateway documents it.
 * The service label is taken from the credential scope (the SDK derives it from the endpoint host,
 * so it is "127" for 127.0.0.1:PORT); the Host header is not compared with a real domain.
 */
final class Tc3Verifier {
    static final long MAX_SKEW_SECONDS = 300;
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/,\\s]+)/(\\d{4}-\\d{2}-\\d{2})/([^/,\\s]+)/tc3_request,\\s*"
                    + "SignedHeaders=([a-z0-9;_-]+),\\s*Signature=([0-9a-f]{64})");

    private final Function<String, Account> accounts;
    private final LongSupplier nowSeconds;

    Tc3Verifier(Function<String, Account> accounts, LongSupplier nowSeconds) {
        this.accounts = accounts;
        this.nowSeconds = nowSeconds;
    }

    /**
     * @param header case-insensitive header lookup (null when absent)
     * @return the account that signed the request
     */
    Account verify(String method, String rawQuery, Function<String, String> header, byte[] body) {
        String authorization = header.apply("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw new CloudError("AuthFailure.InvalidAuthorization",
                    "The Authorization header is missing; sign the request with TC3-HMAC-SHA256.");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw new CloudError("AuthFailure.InvalidAuthorization",
                    "The Authorization header is not in the TC3-HMAC-SHA256 format "
                            + "`TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=..., Signature=HEX`.");
        }
        String secretId = m.group(1);
        String date = m.group(2);
        String service = m.group(3);
        String signedHeaderNames = m.group(4);
        String givenSignature = m.group(5);

        Account account = accounts.apply(secretId);
        if (account == null) {
            throw new CloudError("AuthFailure.SecretIdNotFound", "The SecretId `" + secretId + "` is not found or disabled.");
        }
        long timestamp = timestamp(header.apply("X-TC-Timestamp"));
        long skew = Math.abs(nowSeconds.getAsLong() - timestamp);
        if (skew > MAX_SKEW_SECONDS) {
            throw new CloudError("AuthFailure.SignatureExpire", "The request timestamp " + timestamp
                    + " differs from the server time by " + skew + " s (more than " + MAX_SKEW_SECONDS
                    + " s); synchronise the client clock.");
        }
        List<Map.Entry<String, String>> signed = signedHeaders(signedHeaderNames, header);
        String hashedPayload = Tc3.UNSIGNED_PAYLOAD.equals(header.apply("X-TC-Content-SHA256"))
                ? Tc3.sha256Hex(Tc3.UNSIGNED_PAYLOAD)
                : Tc3.sha256Hex(body);
        String query = "GET".equals(method) && rawQuery != null ? rawQuery : "";
        String canonical = Tc3.canonicalRequest(method, query, signed, hashedPayload);
        String stringToSign = Tc3.stringToSign(timestamp, Tc3.credentialScope(date, service), canonical);
        String expected = Tc3.signature(account.secretKey(), date, service, stringToSign);
        if (!date.equals(Tc3.date(timestamp)) || !Tc3.sameSignature(expected, givenSignature)) {
            throw new CloudError("AuthFailure.SignatureFailure",
                    "The provided credentials could not be validated; check the SecretKey and the signing steps.");
        }
        if (account.token() != null && !account.token().equals(header.apply("X-TC-Token"))) {
            throw new CloudError("AuthFailure.TokenFailure", "The X-TC-Token is missing or invalid for this SecretId.");
        }
        return account;
    }

    private static long timestamp(String value) {
        if (value == null || value.isBlank()) {
            throw CloudError.missing("X-TC-Timestamp");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new CloudError("InvalidParameter", "X-TC-Timestamp must be a Unix time in seconds, got `" + value + "`.");
        }
    }

    private static List<Map.Entry<String, String>> signedHeaders(String names, Function<String, String> header) {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        boolean contentType = false;
        boolean host = false;
        for (String name : names.split(";")) {
            String value = header.apply(name);
            if (value == null) {
                throw new CloudError("AuthFailure.SignatureFailure", "The signed header `" + name + "` is not in the request.");
            }
            contentType |= name.equals("content-type");
            host |= name.equals("host");
            result.add(Map.entry(name, value));
        }
        if (!contentType || !host) {
            throw new CloudError("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.");
        }
        return result;
    }
}
