package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.vippair.emulator.TestClients.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultsAndAdminTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    CloudEmulator emu;
    VpcClient vpc;

    @BeforeEach
    void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ZERO, Duration.ZERO)));
        vpc = TestClients.sdk(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.adminUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return StateFiles.JSON.readTree(r.body());
    }

    @Test
    void injectedErrorsAreAnsweredWithTheCode() {
        emu.faults().error(Actions.MIGRATE_PRIVATE_IP_ADDRESS, "InternalError.ModuleError", 1.0);
        assertCode(() -> vpc.MigratePrivateIpAddress(MigratePrivateIpAddressTest.migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100")),
                "InternalError.ModuleError");
        assertThat(emu.ownerOf("vpc-1yxuk010", "10.0.1.100")).contains("eni-aaaaaaaa");
    }

    @Test
    void aHangingActionRunsTheClientIntoItsTimeoutAndOthersStillWork() throws Exception {
        emu.faults().hang(Actions.DESCRIBE_NETWORK_INTERFACES, true);
        VpcClient impatient = TestClients.sdk(emu, new com.tencentcloudapi.common.Credential(emu.secretId(), emu.secretKey()),
                TestClients.REGION, 1);
        assertThatThrownBy(() -> impatient.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()))
                .isInstanceOf(TencentCloudSDKException.class).hasCauseInstanceOf(java.net.SocketTimeoutException.class);
        assertCode(() -> vpc.DescribeVpcTaskResult(new com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest()),
                "MissingParameter");
        emu.faults().hang(Actions.DESCRIBE_NETWORK_INTERFACES, false);
        assertThat(vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()).getTotalCount()).isEqualTo(2);
    }

    @Test
    void latencyDelaysTheAnswer() throws Exception {
        emu.faults().latency(Actions.DESCRIBE_NETWORK_INTERFACES, Duration.ofMillis(300));
        long start = System.nanoTime();
        vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest());
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void aMalformedBodyIsNotTheTencentShape() throws Exception {
        emu.faults().malformed(Actions.ANY, 1.0);
        String answer = new TestClients.Raw(emu).send();
        assertThat(StateFiles.JSON.readTree(answer).has("Response")).isFalse();
        // the SDK cannot parse it either (it fails with whatever exception its parser throws)
        assertThatThrownBy(() -> vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest())).isNotNull();
    }

    @Test
    void badFaultSettingsNameTheFieldAndChangeNothing() {
        assertThatThrownBy(() -> emu.faults().rateLimit("MigratePrivateIp", 5)).hasMessageContaining("MigratePrivateIp");
        assertThatThrownBy(() -> emu.faults().error(Actions.ANY, "InternalError", 1.5)).hasMessageContaining("probability");
        assertThatThrownBy(() -> emu.faults().migrationDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("migrationDelay");
    }

    @Test
    void theAdminApiSetsFaultsAtomicallyAndClearsThem() throws Exception {
        HttpResponse<String> ok = admin("POST", "/faults", """
                {"rateLimits": {"MigratePrivateIpAddress": 7}, "migrationDelay": {"minMs": 10, "maxMs": 20},
                 "errors": [{"action": "DescribeNetworkInterfaces", "code": "InternalError", "probability": 1}],
                 "latencyMs": {"*": 0}, "hang": {"AssignPrivateIpAddresses": false}, "malformed": {"*": 0},
                 "taskFailure": {"*": 0}, "throttleCode": "RequestLimitExceeded"}
                """);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok).path("rateLimits").path("MigratePrivateIpAddress").asDouble()).isEqualTo(7);
        assertCode(() -> vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()), "InternalError");

        HttpResponse<String> bad = admin("POST", "/faults", """
                {"rateLimits": {"MigratePrivateIpAddress": 1}, "errors": [{"action": "Nope", "code": "InternalError", "probability": 1}]}
                """);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).contains("Nope");
        assertThat(json(admin("GET", "/faults", null)).path("rateLimits").path("MigratePrivateIpAddress").asDouble()).isEqualTo(7);

        assertThat(admin("DELETE", "/faults", null).statusCode()).isEqualTo(200);
        assertThat(vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()).getTotalCount()).isEqualTo(2);
        assertThat(json(admin("GET", "/faults", null)).path("rateLimits").path("MigratePrivateIpAddress").asDouble()).isEqualTo(50);
    }

    @Test
    void theAdminApiSeedsShowsStateOwnersRequestsAndEvents() throws Exception {
        HttpResponse<String> seeded = admin("POST", "/seed", """
                {"networkInterfaces": [{"networkInterfaceId": "eni-cccccccc", "subnetId": "subnet-aaaaaaaa",
                                        "instanceId": "ins-cccccccc", "primaryIp": "10.0.1.19", "secondaryIps": ["10.0.1.101"]}]}
                """);
        assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
        assertThat(seeded.body()).doesNotContain(emu.secretKey());
        assertThat(json(admin("GET", "/owner?vpcId=vpc-1yxuk010&ip=10.0.1.101", null)).path("networkInterfaceId").asText())
                .isEqualTo("eni-cccccccc");

        HttpResponse<String> badSeed = admin("POST", "/seed", """
                {"networkInterfaces": [{"networkInterfaceId": "eni-dddddddd", "subnetId": "subnet-nothere", "primaryIp": "10.0.1.20"}]}
                """);
        assertThat(badSeed.statusCode()).isEqualTo(400);
        assertThat(json(badSeed).path("error").asText()).contains("subnet-nothere");

        vpc.MigratePrivateIpAddress(MigratePrivateIpAddressTest.migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100"));
        JsonNode events = json(admin("GET", "/events?after=0&waitMs=5000", null)).path("events");
        assertThat(events.get(0).path("networkInterfaceId").asText()).isEqualTo("eni-bbbbbbbb");
        assertThat(events.get(0).path("seq").asLong()).isEqualTo(1);

        JsonNode requests = json(admin("GET", "/requests", null));
        assertThat(requests.path("byAction").path("MigratePrivateIpAddress").asLong()).isEqualTo(1);
        assertThat(requests.path("total").asLong()).isEqualTo(emu.requests());
        assertThat(admin("GET", "/nope", null).statusCode()).isEqualTo(404);
    }
}
