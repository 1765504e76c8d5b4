package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HAVIP side of the admin API: claims over HTTP, their record, seeding HAVIPs and EIPs. */
class HaVipAdminTest {
    CloudEmulator emu;
    FaultsAndAdminTest admin = new FaultsAndAdminTest();

    @BeforeEach
    void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ZERO, Duration.ZERO)));
        admin.emu = emu;
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void claimsOverHttpAreAnsweredAndRecorded() throws Exception {
        String seed = "{\"addresses\":[{\"addressId\":\"eip-aaaaaaaa\",\"addressIp\":\"203.0.113.10\",\"region\":\"ap-guangzhou\"}],"
                + "\"haVips\":[{\"haVipId\":\"havip-aaaaaaaa\",\"subnetId\":\"subnet-aaaaaaaa\",\"vip\":\"10.0.1.50\","
                + "\"addressIp\":\"203.0.113.10\",\"associations\":[{\"instanceId\":\"eni-aaaaaaaa\"}]}]}";
        assertThat(admin.admin("POST", "/seed", seed).statusCode()).isEqualTo(200);

        JsonNode out = FaultsAndAdminTest.json(admin.admin("POST", "/havip/claim", "{\"vip\":\"10.0.1.50\",\"networkInterfaceId\":\"eni-bbbbbbbb\"}"));
        assertThat(out.path("outcome").asText()).isEqualTo("OUTSIDE_SCOPE");
        out = FaultsAndAdminTest.json(admin.admin("POST", "/havip/claim", "{\"haVipId\":\"havip-aaaaaaaa\",\"networkInterfaceId\":\"eni-aaaaaaaa\"}"));
        assertThat(out.path("outcome").asText()).isEqualTo("FOLLOWED");
        assertThat(admin.admin("POST", "/havip/claim", "{\"vip\":\"10.0.1.50\"}").statusCode()).isEqualTo(400);

        JsonNode claims = FaultsAndAdminTest.json(admin.admin("GET", "/havip/claims?after=1", null)).path("claims");
        assertThat(claims).hasSize(1);
        assertThat(claims.get(0).path("outcome").asText()).isEqualTo("FOLLOWED");
        assertThat(claims.get(0).path("seq").asLong()).isEqualTo(2);

        JsonNode state = FaultsAndAdminTest.json(admin.admin("GET", "/state", null));
        assertThat(state.path("haVips").get(0).path("networkInterfaceId").asText()).isEqualTo("eni-aaaaaaaa");
        assertThat(state.path("haVips").get(0).path("addressIp").asText()).isEqualTo("203.0.113.10");
        assertThat(state.path("addresses").get(0).path("addressId").asText()).isEqualTo("eip-aaaaaaaa");
    }

    @Test
    void aBadHaVipSeedChangesNothing() throws Exception {
        String seed = "{\"subnets\":[{\"subnetId\":\"subnet-bbbbbbbb\",\"vpcId\":\"vpc-1yxuk010\",\"cidr\":\"10.0.2.0/24\"}],"
                + "\"haVips\":[{\"haVipId\":\"havip-aaaaaaaa\",\"subnetId\":\"subnet-bbbbbbbb\",\"vip\":\"10.0.2.50\","
                + "\"networkInterfaceId\":\"eni-aaaaaaaa\"}]}";
        var r = admin.admin("POST", "/seed", seed);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("networkInterfaceId").contains("eni-aaaaaaaa");
        assertThat(emu.state(false).subnets()).hasSize(1);
        assertThat(emu.state(false).haVips()).isEmpty();

        assertThatThrownBy(() -> emu.addHaVip("havip-bbbbbbbb", "subnet-aaaaaaaa", "10.0.1.100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> emu.addHaVip("havip-1", "subnet-aaaaaaaa", "10.0.1.60"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("haVipId");
        emu.addHaVip("havip-bbbbbbbb", "subnet-aaaaaaaa", "10.0.1.60");
        assertThatThrownBy(() -> emu.addEni("eni-cccccccc", "subnet-aaaaaaaa", null, "10.0.1.60"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HAVIP");
    }
}
