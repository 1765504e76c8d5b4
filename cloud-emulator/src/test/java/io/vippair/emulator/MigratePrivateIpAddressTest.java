package io.vippair.emulator;

import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest;
import com.tencentcloudapi.vpc.v20170312.models.MigratePrivateIpAddressRequest;
import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.vippair.emulator.TestClients.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MigratePrivateIpAddress and DescribeVpcTaskResult through the real SDK. */
class MigratePrivateIpAddressTest {
    CloudEmulator emu;
    VpcClient vpc;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofSeconds(2), Duration.ofSeconds(2))));
        emu.addSubnet("subnet-cccccccc", "vpc-1yxuk010", "10.0.2.0/24")
                .addEni("eni-cccccccc", "subnet-cccccccc", "ins-cccccccc", "10.0.2.5");
        emu.onOwnershipChange((vpcId, ip, eni) -> events.add(vpcId + " " + ip + " " + eni));
        vpc = TestClients.sdk(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    static MigratePrivateIpAddressRequest migrate(String from, String to, String ip) {
        MigratePrivateIpAddressRequest r = new MigratePrivateIpAddressRequest();
        r.setSourceNetworkInterfaceId(from);
        r.setDestinationNetworkInterfaceId(to);
        r.setPrivateIpAddress(ip);
        return r;
    }

    String taskStatus(String taskId) throws Exception {
        DescribeVpcTaskResultRequest r = new DescribeVpcTaskResultRequest();
        r.setTaskId(taskId);
        return vpc.DescribeVpcTaskResult(r).getStatus();
    }

    PrivateIpAddressSpecification ipOn(String eniId, String ip) throws Exception {
        DescribeNetworkInterfacesRequest r = new DescribeNetworkInterfacesRequest();
        r.setNetworkInterfaceIds(new String[] {eniId});
        NetworkInterface eni = vpc.DescribeNetworkInterfaces(r).getNetworkInterfaceSet()[0];
        for (PrivateIpAddressSpecification s : eni.getPrivateIpAddressSet()) {
            if (s.getPrivateIpAddress().equals(ip)) {
                return s;
            }
        }
        return null;
    }

    @Test
    void migrationIsAsyncShowsMigratingThenSitsAvailableOnTheDestinationAndTellsTheListenerOnce() throws Exception {
        String taskId = vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100")).getRequestId();

        assertThat(taskStatus(taskId)).isEqualTo("RUNNING");
        assertThat(ipOn("eni-aaaaaaaa", "10.0.1.100").getState()).isEqualTo("MIGRATING");
        assertThat(ipOn("eni-bbbbbbbb", "10.0.1.100")).isNull();
        // both ENIs are locked while the task runs
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100")),
                "UnsupportedOperation.MutexOperationTaskRunning");
        assertThat(events).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> taskStatus(taskId).equals("SUCCESS"));
        PrivateIpAddressSpecification moved = ipOn("eni-bbbbbbbb", "10.0.1.100");
        assertThat(moved.getState()).isEqualTo("AVAILABLE");
        assertThat(moved.getPrimary()).isFalse();
        assertThat(ipOn("eni-aaaaaaaa", "10.0.1.100")).isNull();
        assertThat(emu.ownerOf("vpc-1yxuk010", "10.0.1.100")).contains("eni-bbbbbbbb");
        await().atMost(Duration.ofSeconds(2)).until(() -> !events.isEmpty());
        assertThat(events).containsExactly("vpc-1yxuk010 10.0.1.100 eni-bbbbbbbb");

        DescribeVpcTaskResultRequest r = new DescribeVpcTaskResultRequest();
        r.setTaskId(taskId);
        assertThat(vpc.DescribeVpcTaskResult(r).getOutput()).isEqualTo("SUCCESS");
        assertThat(emu.requests(Actions.MIGRATE_PRIVATE_IP_ADDRESS)).isEqualTo(2);
    }

    @Test
    void aTaskFailureRollsTheIpBackToTheSource() throws Exception {
        emu.faults().taskFailure(Actions.MIGRATE_PRIVATE_IP_ADDRESS, 1.0);
        String taskId = vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100")).getRequestId();
        await().atMost(Duration.ofSeconds(5)).until(() -> taskStatus(taskId).equals("FAILED"));
        assertThat(ipOn("eni-aaaaaaaa", "10.0.1.100").getState()).isEqualTo("AVAILABLE");
        assertThat(events).isEmpty();
    }

    @Test
    void documentedErrorsChangeNothing() throws Exception {
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.17")),
                "UnsupportedOperation.PrimaryIp");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-cccccccc", "10.0.1.100")),
                "UnsupportedOperation");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-bbbbbbbb", "eni-aaaaaaaa", "10.0.1.100")),
                "UnauthorizedOperation.AttachmentNotFound");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-zzzzzzzz", "eni-aaaaaaaa", "10.0.1.100")),
                "ResourceNotFound");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.300")),
                "InvalidParameterValue.Malformed");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "not-an-eni", "10.0.1.100")),
                "InvalidParameterValue.Malformed");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", null, "10.0.1.100")), "MissingParameter");
        assertCode(() -> vpc.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-aaaaaaaa", "10.0.1.100")),
                "InvalidParameterValue");
        // the same ENIs seen from another region do not exist
        VpcClient shanghai = TestClients.sdk(emu, new com.tencentcloudapi.common.Credential(emu.secretId(), emu.secretKey()),
                "ap-shanghai", 10);
        assertCode(() -> shanghai.MigratePrivateIpAddress(migrate("eni-aaaaaaaa", "eni-bbbbbbbb", "10.0.1.100")),
                "ResourceNotFound");

        assertThat(emu.ownerOf("vpc-1yxuk010", "10.0.1.100")).contains("eni-aaaaaaaa");
        assertThat(emu.ipState("vpc-1yxuk010", "10.0.1.100")).contains("AVAILABLE");
        assertThat(events).isEmpty();
    }

    @Test
    void unknownTaskIdsAreResourceNotFound() {
        assertCode(() -> taskStatus("00000000-0000-0000-0000-000000000000"), "ResourceNotFound");
        assertCode(() -> vpc.DescribeVpcTaskResult(new DescribeVpcTaskResultRequest()), "MissingParameter");
    }
}
