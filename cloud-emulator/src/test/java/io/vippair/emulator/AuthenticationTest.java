package io.vippair.emulator;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.vippair.emulator.TestClients.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/** TC3 checks and protocol headers: the SDK for what it can send, hand-signed requests for the rest. */
class AuthenticationTest {
    static CloudEmulator emu;

    @BeforeAll
    static void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults()));
        emu.addAccount("AKIDsts000000000000000000000000000", "stsSecretKey", "sts-session-token");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static DescribeNetworkInterfacesRequest all() {
        return new DescribeNetworkInterfacesRequest();
    }

    @Test
    void theSdkWithTheRightKeyIsAccepted() throws Exception {
        assertThat(TestClients.sdk(emu).DescribeNetworkInterfaces(all()).getTotalCount()).isEqualTo(2);
    }

    @Test
    void aWrongKeyIsSignatureFailure() {
        var client = TestClients.sdk(emu, new Credential(emu.secretId(), "not-the-key"), TestClients.REGION, 10);
        assertCode(() -> client.DescribeNetworkInterfaces(all()), "AuthFailure.SignatureFailure");
    }

    @Test
    void anUnknownSecretIdIsSecretIdNotFound() {
        var client = TestClients.sdk(emu, new Credential("AKIDunknown", emu.secretKey()), TestClients.REGION, 10);
        assertCode(() -> client.DescribeNetworkInterfaces(all()), "AuthFailure.SecretIdNotFound");
    }

    @Test
    void anAccountWithATokenNeedsIt() throws Exception {
        var without = TestClients.sdk(emu, new Credential("AKIDsts000000000000000000000000000", "stsSecretKey"), TestClients.REGION, 10);
        assertCode(() -> without.DescribeNetworkInterfaces(all()), "AuthFailure.TokenFailure");
        var wrong = TestClients.sdk(emu, new Credential("AKIDsts000000000000000000000000000", "stsSecretKey", "other"),
                TestClients.REGION, 10);
        assertCode(() -> wrong.DescribeNetworkInterfaces(all()), "AuthFailure.TokenFailure");
        var with = TestClients.sdk(emu, new Credential("AKIDsts000000000000000000000000000", "stsSecretKey", "sts-session-token"),
                TestClients.REGION, 10);
        assertThat(with.DescribeNetworkInterfaces(all()).getTotalCount()).isEqualTo(2);
    }

    @Test
    void aSkewedTimestampIsSignatureExpire() throws Exception {
        TestClients.Raw raw = new TestClients.Raw(emu);
        // each skew is taken from the clock at the send: a slow first request on a loaded machine
        // must not age the last, in-window timestamp past the 300 s limit
        raw.timestamp = nowSeconds() - 301;
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("AuthFailure.SignatureExpire");
        raw.timestamp = nowSeconds() + 301;
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("AuthFailure.SignatureExpire");
        raw.timestamp = nowSeconds() - 290;
        assertThat(TestClients.Raw.code(raw.send())).isNull();
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aTamperedBodyIsSignatureFailure() throws Exception {
        TestClients.Raw raw = new TestClients.Raw(emu);
        raw.signedBody = "{\"NetworkInterfaceIds\":[\"eni-aaaaaaaa\"]}";
        assertThat(TestClients.Raw.code(raw.send())).isNull();
        raw.sentBody = "{\"NetworkInterfaceIds\":[\"eni-bbbbbbbb\"]}";
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("AuthFailure.SignatureFailure");
    }

    @Test
    void aNonTc3AuthorizationIsInvalidAuthorization() throws Exception {
        TestClients.Raw raw = new TestClients.Raw(emu);
        assertThat(TestClients.Raw.code(raw.send("Basic dXNlcjpwYXNz"))).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(TestClients.Raw.code(raw.send(null))).isEqualTo("AuthFailure.InvalidAuthorization");
    }

    @Test
    void protocolHeadersAreChecked() throws Exception {
        TestClients.Raw raw = new TestClients.Raw(emu);
        raw.action = "DescribeInstances";
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("InvalidAction");
        raw.action = null;
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("MissingParameter");
        raw.action = Actions.DESCRIBE_NETWORK_INTERFACES;
        raw.version = "2020-01-01";
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("NoSuchVersion");
        raw.version = "2017-03-12";
        raw.region = null;
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("MissingParameter");
        raw.region = TestClients.REGION;
        raw.signedBody = "[1,2]";
        assertThat(TestClients.Raw.code(raw.send())).isEqualTo("InvalidParameter");
    }

    @Test
    void everyAnswerCarriesARequestId() throws Exception {
        String answer = new TestClients.Raw(emu).send("Basic x");
        assertThat(StateFiles.JSON.readTree(answer).path("Response").path("RequestId").asText()).hasSize(36);
    }
}
