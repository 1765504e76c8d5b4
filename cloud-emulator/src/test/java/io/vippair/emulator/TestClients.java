package io.vippair.emulator;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients for the tests: the real SDK, and raw requests signed with our own {@link Tc3} code. */
final class TestClients {
    static final String REGION = "ap-guangzhou";

    private TestClients() {}

    static VpcClient sdk(CloudEmulator emu) {
        return sdk(emu, new Credential(emu.secretId(), emu.secretKey()), REGION, 10);
    }

    static VpcClient sdk(CloudEmulator emu, Credential credential, String region, int readTimeoutSeconds) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(emu.endpoint());
        http.setProtocol("http://");
        http.setConnTimeout(5);
        http.setReadTimeout(readTimeoutSeconds);
        http.setWriteTimeout(5);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new VpcClient(credential, region, profile);
    }

    /** Asserts the SDK call fails with this Tencent error code. */
    static void assertCode(ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOf(TencentCloudSDKException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((TencentCloudSDKException) e).getErrorCode())
                        .as("error code (message: %s)", e.getMessage()).isEqualTo(code));
    }

    /** A request built and signed by hand, so tests can skew, tamper and omit things the SDK never would. */
    static final class Raw {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final CloudEmulator emu;
        String secretId;
        String secretKey;
        String action = Actions.DESCRIBE_NETWORK_INTERFACES;
        String version = "2017-03-12";
        String region = REGION;
        String token;
        long timestamp = System.currentTimeMillis() / 1000;
        String signedBody = "{}";
        String sentBody;

        Raw(CloudEmulator emu) {
            this.emu = emu;
            this.secretId = emu.secretId();
            this.secretKey = emu.secretKey();
        }

        String authorization() {
            String host = emu.endpoint();
            String service = host.split("\\.")[0];
            String canonical = Tc3.canonicalRequest("POST", "",
                    List.of(Map.entry("content-type", "application/json; charset=utf-8"), Map.entry("host", host)),
                    Tc3.sha256Hex(signedBody));
            String date = Tc3.date(timestamp);
            String scope = Tc3.credentialScope(date, service);
            String sts = Tc3.stringToSign(timestamp, scope, canonical);
            return Tc3.authorization(secretId, scope, "content-type;host", Tc3.signature(secretKey, date, service, sts));
        }

        /** @return the raw JSON answer */
        String send() throws IOException, InterruptedException {
            return send(authorization());
        }

        String send(String authorization) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + emu.endpoint() + "/"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-TC-Timestamp", Long.toString(timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(sentBody != null ? sentBody : signedBody, StandardCharsets.UTF_8));
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (action != null) {
                b.header("X-TC-Action", action);
            }
            if (version != null) {
                b.header("X-TC-Version", version);
            }
            if (region != null) {
                b.header("X-TC-Region", region);
            }
            if (token != null) {
                b.header("X-TC-Token", token);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("the Tencent API always answers 200, got " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        }

        static String code(String answer) throws IOException {
            return StateFiles.JSON.readTree(answer).path("Response").path("Error").path("Code").asText(null);
        }
    }

    /** A VPC with one subnet, two instances' primary ENIs and a VIP on the first: the keepalived pair. */
    static CloudEmulator pair(CloudEmulator emu) {
        return emu.addVpc("vpc-1yxuk010", REGION, "10.0.0.0/16")
                .addSubnet("subnet-aaaaaaaa", "vpc-1yxuk010", "10.0.1.0/24")
                .addEni("eni-aaaaaaaa", "subnet-aaaaaaaa", "ins-aaaaaaaa", "10.0.1.17")
                .addEni("eni-bbbbbbbb", "subnet-aaaaaaaa", "ins-bbbbbbbb", "10.0.1.18")
                .addPrivateIp("eni-aaaaaaaa", "10.0.1.100");
    }
}
