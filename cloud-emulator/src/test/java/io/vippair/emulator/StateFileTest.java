package io.vippair.emulator;

import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StateFileTest {
    @TempDir
    Path dir;

    @Test
    void seedChangeRestartFromFileGivesTheSameState() throws Exception {
        Path file = dir.resolve("state.yaml");
        EmulatorConfig config = EmulatorConfig.defaults().withStateFile(file).withTaskDelay(Duration.ZERO, Duration.ZERO);
        StateDocument before;
        try (CloudEmulator emu = TestClients.pair(CloudEmulator.start(config))) {
            emu.addAccount("AKIDsecond00000000000000000000000000", "secondKey");
            var vpc = TestClients.sdk(emu);
            String task = vpc.MigratePrivateIpAddress(MigratePrivateIpAddressTest.migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100"))
                    .getRequestId();
            DescribeVpcTaskResultRequest r = new DescribeVpcTaskResultRequest();
            r.setTaskId(task);
            await().atMost(Duration.ofSeconds(5)).until(() -> vpc.DescribeVpcTaskResult(r).getStatus().equals("SUCCESS"));
            before = emu.state(true);
            // written on its own within the persist interval, not only at close
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file)
                    && StateFiles.read(file).equals(emu.state(true)));
        }
        assertThat(Files.readString(file)).contains("eni-bbbbbbbb").contains("10.0.1.100");
        try (CloudEmulator again = CloudEmulator.start(config)) {
            assertThat(again.state(true)).isEqualTo(before);
            assertThat(again.ownerOf("vpc-1yxuk010", "10.0.1.100")).contains("eni-bbbbbbbb");
            // the second account survived too
            var second = TestClients.sdk(again, new com.tencentcloudapi.common.Credential("AKIDsecond00000000000000000000000000", "secondKey"),
                    TestClients.REGION, 10);
            assertThat(second.DescribeNetworkInterfaces(new com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest())
                    .getTotalCount()).isEqualTo(2);
        }
    }

    @Test
    void aJsonStateFileSeedsTheEmulator() throws Exception {
        Path file = dir.resolve("state.json");
        Files.writeString(file, """
                {"vpcs": [{"vpcId": "vpc-1yxuk010", "region": "ap-guangzhou"}],
                 "subnets": [{"subnetId": "subnet-aaaaaaaa", "vpcId": "vpc-1yxuk010", "cidr": "10.0.1.0/24"}],
                 "networkInterfaces": [{"networkInterfaceId": "eni-pvsvph0u", "subnetId": "subnet-aaaaaaaa",
                                        "instanceId": "ins-aaaaaaaa", "primaryIp": "10.0.1.17", "secondaryIps": ["10.0.1.100"]}]}
                """);
        try (CloudEmulator emu = CloudEmulator.start(EmulatorConfig.defaults().withStateFile(file))) {
            assertThat(emu.ownerOf("vpc-1yxuk010", "10.0.1.100")).contains("eni-pvsvph0u");
        }
    }

    @Test
    void aBadStateDocumentNamesTheFieldAndChangesNothing() throws Exception {
        try (CloudEmulator emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults()))) {
            StateDocument before = emu.state(true);
            StateDocument bad = new StateDocument(null, null,
                    java.util.List.of(new StateDocument.SubnetDoc("subnet-bbbbbbbb", "vpc-1yxuk010", "10.0.2.0/24", null)),
                    java.util.List.of(new StateDocument.EniDoc("eni-cccccccc", "subnet-bbbbbbbb", null, "10.0.3.5", null, null, null,
                            null, null)));
            assertThatThrownBy(() -> emu.seed(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("eni-cccccccc").hasMessageContaining("outside subnet subnet-bbbbbbbb");
            assertThat(emu.state(true)).isEqualTo(before);
            Path typo = dir.resolve("typo.yaml");
            Files.writeString(typo, "vpcs:\n  - vpcId: vpc-1yxuk010\n    regoin: ap-guangzhou\n");
            assertThatThrownBy(() -> StateFiles.read(typo)).hasMessageContaining("regoin");
        }
    }
}
