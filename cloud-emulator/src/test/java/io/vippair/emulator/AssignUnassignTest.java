package io.vippair.emulator;

import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.AssignPrivateIpAddressesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import com.tencentcloudapi.vpc.v20170312.models.UnassignPrivateIpAddressesRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.vippair.emulator.TestClients.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AssignUnassignTest {
    CloudEmulator emu;
    VpcClient vpc;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofSeconds(1), Duration.ofSeconds(1))));
        emu.onOwnershipChange((vpcId, ip, eni) -> events.add(ip + " " + eni));
        vpc = TestClients.sdk(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    static PrivateIpAddressSpecification[] ips(String... addresses) {
        return java.util.Arrays.stream(addresses).map(a -> {
            PrivateIpAddressSpecification s = new PrivateIpAddressSpecification();
            s.setPrivateIpAddress(a);
            return s;
        }).toArray(PrivateIpAddressSpecification[]::new);
    }

    static AssignPrivateIpAddressesRequest assign(String eni, String... addresses) {
        AssignPrivateIpAddressesRequest r = new AssignPrivateIpAddressesRequest();
        r.setNetworkInterfaceId(eni);
        r.setPrivateIpAddresses(ips(addresses));
        return r;
    }

    static UnassignPrivateIpAddressesRequest unassign(String eni, String... addresses) {
        UnassignPrivateIpAddressesRequest r = new UnassignPrivateIpAddressesRequest();
        r.setNetworkInterfaceId(eni);
        r.setPrivateIpAddresses(ips(addresses));
        return r;
    }

    String status(String taskId) throws Exception {
        DescribeVpcTaskResultRequest r = new DescribeVpcTaskResultRequest();
        r.setTaskId(taskId);
        return vpc.DescribeVpcTaskResult(r).getStatus();
    }

    @Test
    void assignIsPendingThenAvailableAndUnassignRemovesTheIp() throws Exception {
        var assigned = vpc.AssignPrivateIpAddresses(assign("eni-bbbbbbbb", "10.0.1.101"));
        assertThat(assigned.getPrivateIpAddressSet()).extracting(PrivateIpAddressSpecification::getPrivateIpAddress)
                .containsExactly("10.0.1.101");
        assertThat(emu.ipState("vpc-1yxuk010", "10.0.1.101")).contains("PENDING");
        await().atMost(Duration.ofSeconds(5)).until(() -> status(assigned.getRequestId()).equals("SUCCESS"));
        assertThat(emu.ipState("vpc-1yxuk010", "10.0.1.101")).contains("AVAILABLE");
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 1);

        String taskId = vpc.UnassignPrivateIpAddresses(unassign("eni-bbbbbbbb", "10.0.1.101")).getRequestId();
        assertThat(emu.ipState("vpc-1yxuk010", "10.0.1.101")).contains("DELETING");
        await().atMost(Duration.ofSeconds(5)).until(() -> status(taskId).equals("SUCCESS"));
        assertThat(emu.ownerOf("vpc-1yxuk010", "10.0.1.101")).isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("10.0.1.101 eni-bbbbbbbb", "10.0.1.101 null");
    }

    @Test
    void aCountPicksFreeAddresses() throws Exception {
        AssignPrivateIpAddressesRequest r = new AssignPrivateIpAddressesRequest();
        r.setNetworkInterfaceId("eni-bbbbbbbb");
        r.setSecondaryPrivateIpAddressCount(2L);
        var resp = vpc.AssignPrivateIpAddresses(r);
        // .0 network and .1 gateway are reserved; .17, .18 and .100 are taken
        assertThat(resp.getPrivateIpAddressSet()).extracting(PrivateIpAddressSpecification::getPrivateIpAddress)
                .containsExactly("10.0.1.2", "10.0.1.3");
    }

    @Test
    void assignErrors() {
        assertCode(() -> vpc.AssignPrivateIpAddresses(assign("eni-bbbbbbbb", "10.0.1.100")), "ResourceInUse");
        assertCode(() -> vpc.AssignPrivateIpAddresses(assign("eni-bbbbbbbb", "10.0.9.1")), "InvalidParameterValue.Range");
        assertCode(() -> vpc.AssignPrivateIpAddresses(assign("eni-bbbbbbbb", "10.0.1.255")), "InvalidParameterValue.Reserved");
        assertCode(() -> vpc.AssignPrivateIpAddresses(assign("eni-bbbbbbbb", "10.0.1.50", "10.0.1.50")),
                "InvalidParameterValue.DuplicatePara");
        assertCode(() -> vpc.AssignPrivateIpAddresses(assign("eni-bbbbbbbb",
                IntStream.range(0, 11).mapToObj(i -> "10.0.1." + (50 + i)).toArray(String[]::new))), "InvalidParameterValue.LimitExceeded");
        AssignPrivateIpAddressesRequest nothing = new AssignPrivateIpAddressesRequest();
        nothing.setNetworkInterfaceId("eni-bbbbbbbb");
        assertCode(() -> vpc.AssignPrivateIpAddresses(nothing), "MissingParameter");
        assertCode(() -> vpc.AssignPrivateIpAddresses(assign("eni-zzzzzzzz", "10.0.1.50")), "ResourceNotFound");
        assertThat(emu.ownerOf("vpc-1yxuk010", "10.0.1.50")).isEmpty();
    }

    @Test
    void unassignErrorsAndTheMutex() throws Exception {
        assertCode(() -> vpc.UnassignPrivateIpAddresses(unassign("eni-aaaaaaaa", "10.0.1.17")), "UnsupportedOperation.PrimaryIp");
        assertCode(() -> vpc.UnassignPrivateIpAddresses(unassign("eni-bbbbbbbb", "10.0.1.100")),
                "UnsupportedOperation.AttachmentNotFound");
        assertCode(() -> vpc.UnassignPrivateIpAddresses(unassign("eni-bbbbbbbb")), "MissingParameter");
        vpc.AssignPrivateIpAddresses(assign("eni-aaaaaaaa", "10.0.1.101"));
        assertCode(() -> vpc.UnassignPrivateIpAddresses(unassign("eni-aaaaaaaa", "10.0.1.100")),
                "UnsupportedOperation.MutexOperationTaskRunning");
        assertThat(emu.ipState("vpc-1yxuk010", "10.0.1.100")).contains("AVAILABLE");
    }
}
