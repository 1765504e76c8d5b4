package io.vippair.emulator;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The worked example of Tencent's public "Signature v3" page (cvm DescribeInstances, timestamp
 * 1551113065), which every product's API docs repeat, e.g. https://tencentcloud.com/document/api/1155/48996
 * and https://tencentcloud.com/document/product/1026/31038 ("TC3-HMAC-SHA256 Signature Method",
 * steps 1 to 4). The constants are the page's published values: the payload hash, CanonicalRequest,
 * hashed CanonicalRequest, StringToSign, and the signature for its example SecretKey
 * Gu5t9xGARNpq86cd98joQYCN3EXAMPLE.
 */
class Tc3DocumentedExampleTest {
    static final String PAYLOAD = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    static final String PUBLISHED_PAYLOAD_HASH = "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";
    static final String PUBLISHED_CANONICAL_REQUEST = "POST\n"
            + "/\n"
            + "\n"
            + "content-type:application/json; charset=utf-8\n"
            + "host:cvm.tencentcloudapi.com\n"
            + "\n"
            + "content-type;host\n"
            + "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";
    static final String PUBLISHED_HASHED_CANONICAL_REQUEST = "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
    static final String PUBLISHED_STRING_TO_SIGN = "TC3-HMAC-SHA256\n"
            + "1551113065\n"
            + "2019-02-25/cvm/tc3_request\n"
            + "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
    static final String PUBLISHED_SIGNATURE = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";
    static final String SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    static final List<Map.Entry<String, String>> HEADERS = List.of(
            Map.entry("content-type", "application/json; charset=utf-8"), Map.entry("host", "cvm.tencentcloudapi.com"));

    @Test
    void canonicalRequestAndStringToSignMatchThePublishedExampleByteForByte() {
        assertThat(Tc3.sha256Hex(PAYLOAD)).isEqualTo(PUBLISHED_PAYLOAD_HASH);
        String canonical = Tc3.canonicalRequest("POST", "", HEADERS, Tc3.sha256Hex(PAYLOAD));
        assertThat(canonical).isEqualTo(PUBLISHED_CANONICAL_REQUEST);
        assertThat(Tc3.sha256Hex(canonical)).isEqualTo(PUBLISHED_HASHED_CANONICAL_REQUEST);
        String scope = Tc3.credentialScope(Tc3.date(1551113065), "cvm");
        assertThat(Tc3.stringToSign(1551113065, scope, canonical)).isEqualTo(PUBLISHED_STRING_TO_SIGN);
        assertThat(Tc3.signature(SECRET_KEY, "2019-02-25", "cvm", PUBLISHED_STRING_TO_SIGN)).isEqualTo(PUBLISHED_SIGNATURE);
    }

    @Test
    void theVerifierAcceptsThePublishedRequestAtItsTimeAndRejectsItLater() {
        String secretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
        Account account = new Account(secretId, SECRET_KEY, null);
        Map<String, String> headers = Map.of(
                "authorization", "TC3-HMAC-SHA256 Credential=" + secretId + "/2019-02-25/cvm/tc3_request, "
                        + "SignedHeaders=content-type;host, Signature=" + PUBLISHED_SIGNATURE,
                "content-type", "application/json; charset=utf-8",
                "host", "cvm.tencentcloudapi.com",
                "x-tc-timestamp", "1551113065");
        byte[] body = PAYLOAD.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        Tc3Verifier atThatTime = new Tc3Verifier(id -> id.equals(secretId) ? account : null, () -> 1551113065L + 299);
        assertThatCode(() -> atThatTime.verify("POST", null, h -> headers.get(h.toLowerCase()), body)).doesNotThrowAnyException();

        Tc3Verifier sixMinutesLater = new Tc3Verifier(id -> account, () -> 1551113065L + 360);
        assertThat(codeOf(() -> sixMinutesLater.verify("POST", null, h -> headers.get(h.toLowerCase()), body)))
                .isEqualTo("AuthFailure.SignatureExpire");

        byte[] tampered = PAYLOAD.replace("\"Limit\": 1", "\"Limit\": 2").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(codeOf(() -> atThatTime.verify("POST", null, h -> headers.get(h.toLowerCase()), tampered)))
                .isEqualTo("AuthFailure.SignatureFailure");
    }

    static String codeOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (CloudError e) {
            return e.code();
        }
    }
}
