package io.vippair.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.CreateHaVipRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeAddressesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeHaVipsRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeHaVipsResponse;
import com.tencentcloudapi.vpc.v20170312.models.HaVip;
import com.tencentcloudapi.vpc.v20170312.models.HaVipAssociateAddressIpRequest;
import com.tencentcloudapi.vpc.v20170312.models.HaVipDisassociateAddressIpRequest;
import com.tencentcloudapi.vpc.v20170312.models.DeleteHaVipRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.vippair.emulator.TestClients.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** HAVIPs through the real SDK: the vpc 3.1.667 models where they exist, the common module's generic call otherwise. */
class HaVipTest {
    CloudEmulator emu;
    VpcClient vpc;
    CommonClient common;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofMillis(300), Duration.ofMillis(300))));
        emu.addEni("eni-cccccccc", "subnet-aaaaaaaa", "ins-cccccccc", "10.0.1.19");
        emu.addSubnet("subnet-bbbbbbbb", "vpc-1yxuk010", "10.0.2.0/24").addEni("eni-dddddddd", "subnet-bbbbbbbb", "ins-dddddddd", "10.0.2.20");
        emu.addEip("eip-aaaaaaaa", "203.0.113.10", TestClients.REGION).addEip("eip-bbbbbbbb", "203.0.113.11", TestClients.REGION);
        emu.onOwnershipChange((vpcId, ip, eni) -> events.add(ip + " " + eni));
        vpc = TestClients.sdk(emu);
        common = common(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    static CommonClient common(CloudEmulator emu) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(emu.endpoint());
        http.setProtocol("http://");
        http.setConnTimeout(5);
        http.setReadTimeout(10);
        http.setWriteTimeout(5);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        return new CommonClient("vpc", "2017-03-12", new Credential(emu.secretId(), emu.secretKey()), TestClients.REGION, profile);
    }

    JsonNode call(String action, String json) throws Exception {
        return StateFiles.JSON.readTree(common.call(action, json)).path("Response");
    }

    HaVip create(String name, String vip) throws Exception {
        CreateHaVipRequest r = new CreateHaVipRequest();
        r.setVpcId("vpc-1yxuk010");
        r.setSubnetId("subnet-aaaaaaaa");
        r.setHaVipName(name);
        r.setVip(vip);
        return vpc.CreateHaVip(r).getHaVip();
    }

    JsonNode describe(String id) throws Exception {
        return call("DescribeHaVips", "{\"HaVipIds\":[\"" + id + "\"]}").path("HaVipSet").get(0);
    }

    String status(String taskId) throws Exception {
        DescribeVpcTaskResultRequest r = new DescribeVpcTaskResultRequest();
        r.setTaskId(taskId);
        return vpc.DescribeVpcTaskResult(r).getStatus();
    }

    @Test
    void createDescribeAndDeleteWithTheSdkModels() throws Exception {
        HaVip created = create("db", "10.0.1.50");
        assertThat(created.getHaVipId()).matches("havip-[a-z0-9]{8}");
        assertThat(created.getState()).isEqualTo("UNBIND");
        HaVip auto = create("auto", null);
        assertThat(auto.getVip()).isEqualTo("10.0.1.2");   // .1 is the gateway, .17-.19 and .100 are ENIs'
        assertCode(() -> create("dup", "10.0.1.50"), "InvalidParameterValue.Duplicate");
        assertCode(() -> create("taken", "10.0.1.100"), "InvalidParameterValue.Duplicate");
        assertCode(() -> create("out", "10.0.9.9"), "InvalidParameterValue.Range");
        assertCode(() -> create("x".repeat(61), null), "InvalidParameterValue.TooLong");

        DescribeHaVipsRequest d = new DescribeHaVipsRequest();
        d.setLimit(1L);
        DescribeHaVipsResponse page = vpc.DescribeHaVips(d);
        assertThat(page.getTotalCount()).isEqualTo(2);   // before the third below
        assertThat(page.getHaVipSet()).extracting(HaVip::getHaVipId).containsExactly(created.getHaVipId());
        JsonNode byVip = call("DescribeHaVips", "{\"Filters\":[{\"Name\":\"vip\",\"Values\":[\"10.0.1.2\"]}]}");
        assertThat(byVip.path("HaVipSet").get(0).path("HaVipId").asText()).isEqualTo(auto.getHaVipId());
        assertThat(byVip.path("HaVipSet").get(0).path("FlushedTime").asText()).isEqualTo("0000-00-00 00:00:00");
        assertThat(byVip.path("HaVipSet").get(0).path("CheckAssociate").asBoolean()).isFalse();
        JsonNode checked = call("CreateHaVip", "{\"VpcId\":\"vpc-1yxuk010\",\"SubnetId\":\"subnet-aaaaaaaa\",\"HaVipName\":\"c\","
                + "\"CheckAssociate\":true,\"HaVipAssociationSet\":[{\"InstanceId\":\"ins-aaaaaaaa\",\"InstanceType\":\"CVM\"}]}").path("HaVip");
        assertThat(checked.path("CheckAssociate").asBoolean()).isTrue();
        assertThat(checked.path("HaVipAssociationSet").get(0).path("InstanceId").asText()).isEqualTo("ins-aaaaaaaa");
        assertCode(() -> common.call("CreateHaVip", "{\"VpcId\":\"vpc-1yxuk010\",\"SubnetId\":\"subnet-aaaaaaaa\",\"HaVipName\":\"d\","
                + "\"HaVipAssociationSet\":[{\"InstanceId\":\"ins-zzzzzzzz\"}]}"), "ResourceNotFound");
        assertCode(() -> common.call("DescribeHaVips", "{\"HaVipIds\":[\"havip-aaaaaaaa\"],\"Filters\":[{\"Name\":\"vip\",\"Values\":[\"1\"]}]}"),
                "InvalidParameter.Coexist");
        assertCode(() -> common.call("DescribeHaVips", "{\"Filters\":[{\"Name\":\"color\",\"Values\":[\"1\"]}]}"),
                "InvalidParameter.FilterInvalidKey");
        // an ENI may not take an HAVIP's address
        assertCode(() -> vpc.AssignPrivateIpAddresses(AssignUnassignTest.assign("eni-aaaaaaaa", "10.0.1.50")), "ResourceInUse");

        DeleteHaVipRequest del = new DeleteHaVipRequest();
        del.setHaVipId(created.getHaVipId());
        String task = vpc.DeleteHaVip(del).getRequestId();
        assertThat(status(task)).isEqualTo("RUNNING");
        assertCode(() -> vpc.DeleteHaVip(del), "UnsupportedOperation.MutexOperationTaskRunning");
        await().atMost(Duration.ofSeconds(5)).until(() -> status(task).equals("SUCCESS"));
        assertThat(call("DescribeHaVips", "{}").path("TotalCount").asInt()).isEqualTo(2);
    }

    @Test
    void theHaVipFollowsGratuitousArpInsideItsDriftScopeOnly() throws Exception {
        String id = create("db", "10.0.1.50").getHaVipId();
        assertThat(emu.claimHaVip("10.0.1.50", "eni-aaaaaaaa")).isEqualTo("FOLLOWED");
        JsonNode h = describe(id);
        assertThat(h.path("NetworkInterfaceId").asText()).isEqualTo("eni-aaaaaaaa");
        assertThat(h.path("InstanceId").asText()).isEqualTo("ins-aaaaaaaa");
        assertThat(h.path("State").asText()).isEqualTo("AVAILABLE");
        assertThat(h.path("FlushedTime").asText()).isNotEqualTo("0000-00-00 00:00:00");
        assertThat(emu.claimHaVip(id, "eni-aaaaaaaa")).isEqualTo("ALREADY_BOUND");

        call("AssociateHaVipInstance", "{\"HaVipAssociationSet\":[{\"HaVipId\":\"" + id + "\",\"InstanceId\":\"eni-aaaaaaaa\",\"InstanceType\":\"ENI\"},"
                + "{\"HaVipId\":\"" + id + "\",\"InstanceId\":\"ins-bbbbbbbb\",\"InstanceType\":\"CVM\"}]}");
        h = describe(id);
        assertThat(h.path("CheckAssociate").asBoolean()).isTrue();
        assertThat(h.path("HaVipAssociationSet")).hasSize(2);
        assertThat(call("DescribeHaVips", "{\"Filters\":[{\"Name\":\"havip-association.instance-id\",\"Values\":[\"ins-bbbbbbbb\"]}]}")
                .path("TotalCount").asInt()).isEqualTo(1);

        assertThat(emu.claimHaVip("10.0.1.50", "eni-cccccccc")).isEqualTo("OUTSIDE_SCOPE");
        assertThat(describe(id).path("NetworkInterfaceId").asText()).isEqualTo("eni-aaaaaaaa");
        assertThat(emu.claimHaVip(id, "eni-dddddddd")).isEqualTo("OTHER_SUBNET");
        assertThat(emu.claimHaVip("10.0.1.50", "eni-bbbbbbbb")).isEqualTo("FOLLOWED");   // in scope through its CVM
        assertThat(describe(id).path("NetworkInterfaceId").asText()).isEqualTo("eni-bbbbbbbb");
        assertThat(emu.haVipClaims(0)).extracting(c -> c.outcome().name())
                .containsExactly("FOLLOWED", "ALREADY_BOUND", "OUTSIDE_SCOPE", "OTHER_SUBNET", "FOLLOWED");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("10.0.1.50 eni-aaaaaaaa", "10.0.1.50 eni-bbbbbbbb");

        assertCode(() -> common.call("AssociateHaVipInstance", "{\"HaVipAssociationSet\":[{\"HaVipId\":\"" + id
                + "\",\"InstanceId\":\"eni-aaaaaaaa\",\"InstanceType\":\"ENI\"}]}"), "InvalidParameterValue.Duplicate");
        assertCode(() -> common.call("AssociateHaVipInstance", "{\"HaVipAssociationSet\":[{\"HaVipId\":\"" + id
                + "\",\"InstanceId\":\"eni-zzzzzzzz\",\"InstanceType\":\"ENI\"}]}"), "ResourceNotFound");
        call("DisassociateHaVipInstance", "{\"HaVipAssociationSet\":[{\"HaVipId\":\"" + id
                + "\",\"InstanceId\":\"ins-bbbbbbbb\",\"InstanceType\":\"CVM\"}]}");
        assertCode(() -> common.call("DisassociateHaVipInstance", "{\"HaVipAssociationSet\":[{\"HaVipId\":\"" + id
                + "\",\"InstanceId\":\"ins-bbbbbbbb\",\"InstanceType\":\"CVM\"}]}"), "ResourceNotFound");
        assertThat(describe(id).path("HaVipAssociationSet")).hasSize(1);
    }

    @Test
    void anEipGoesOnOneHaVipThroughAsyncTasks() throws Exception {
        String a = create("a", "10.0.1.50").getHaVipId();
        String b = create("b", "10.0.1.51").getHaVipId();
        HaVipAssociateAddressIpRequest r = new HaVipAssociateAddressIpRequest();
        r.setHaVipId(a);
        r.setAddressIp("203.0.113.10");
        String task = vpc.HaVipAssociateAddressIp(r).getRequestId();
        assertThat(status(task)).isEqualTo("RUNNING");
        assertCode(() -> vpc.HaVipAssociateAddressIp(r), "UnsupportedOperation.MutexOperationTaskRunning");
        await().atMost(Duration.ofSeconds(5)).until(() -> status(task).equals("SUCCESS"));
        assertThat(describe(a).path("AddressIp").asText()).isEqualTo("203.0.113.10");

        assertCode(() -> vpc.HaVipAssociateAddressIp(r), "UnsupportedOperation.BindEIP");     // the HAVIP has one
        r.setHaVipId(b);
        assertCode(() -> vpc.HaVipAssociateAddressIp(r), "UnsupportedOperation.BindEIP");     // the EIP is on a
        r.setAddressIp("198.51.100.1");
        assertCode(() -> vpc.HaVipAssociateAddressIp(r), "ResourceNotFound");
        DescribeAddressesRequest da = new DescribeAddressesRequest();
        da.setAddressIds(new String[] {"eip-aaaaaaaa"});
        assertThat(vpc.DescribeAddresses(da).getAddressSet()[0].getAddressStatus()).isEqualTo("BIND");
        assertThat(vpc.DescribeAddresses(da).getAddressSet()[0].getInstanceId()).isEqualTo(a);
        DeleteHaVipRequest del = new DeleteHaVipRequest();
        del.setHaVipId(a);
        assertCode(() -> vpc.DeleteHaVip(del), "ResourceInUse");

        HaVipDisassociateAddressIpRequest u = new HaVipDisassociateAddressIpRequest();
        u.setHaVipId(a);
        String untask = vpc.HaVipDisassociateAddressIp(u).getRequestId();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(untask).equals("SUCCESS"));
        assertThat(describe(a).path("AddressIp").asText()).isEmpty();
        assertCode(() -> vpc.HaVipDisassociateAddressIp(u), "UnsupportedOperation.UnbindEIP");

        emu.faults().taskFailure(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP, 1);
        r.setHaVipId(b);
        r.setAddressIp("203.0.113.11");
        String failing = vpc.HaVipAssociateAddressIp(r).getRequestId();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(failing).equals("FAILED"));
        assertThat(describe(b).path("AddressIp").asText()).isEmpty();
        da.setAddressIds(new String[] {"eip-bbbbbbbb"});
        assertThat(vpc.DescribeAddresses(da).getAddressSet()[0].getAddressStatus()).isEqualTo("UNBIND");
    }

    @Test
    void haVipCallsAreThrottledAtTwentyPerSecond() throws Exception {
        int throttled = 0;
        for (int i = 0; i < 40; i++) {
            try {
                vpc.DescribeHaVips(new DescribeHaVipsRequest());
            } catch (com.tencentcloudapi.common.exception.TencentCloudSDKException e) {
                assertThat(e.getErrorCode()).isEqualTo("RequestLimitExceeded");
                throttled++;
            }
        }
        assertThat(throttled).isGreaterThanOrEqualTo(10);
        emu.faults().error(Actions.ASSOCIATE_HA_VIP_INSTANCE, "InternalError", 1);
        assertCode(() -> common.call("AssociateHaVipInstance", "{\"HaVipAssociationSet\":[]}"), "InternalError");
    }

    @Test
    void haVipsAndEipsSurviveTheStateFile(@TempDir Path dir) throws Exception {
        String id = create("db", "10.0.1.50").getHaVipId();
        emu.claimHaVip(id, "eni-aaaaaaaa");
        call("AssociateHaVipInstance", "{\"HaVipAssociationSet\":[{\"HaVipId\":\"" + id + "\",\"InstanceId\":\"eni-aaaaaaaa\"}]}");
        Path file = dir.resolve("state.yaml");
        StateFiles.write(file, emu.state(true));
        try (CloudEmulator again = CloudEmulator.start(EmulatorConfig.defaults().withStateFile(file))) {
            JsonNode h = StateFiles.JSON.readTree(common(again).call("DescribeHaVips", "{}")).path("Response").path("HaVipSet").get(0);
            assertThat(h.path("HaVipId").asText()).isEqualTo(id);
            assertThat(h.path("NetworkInterfaceId").asText()).isEqualTo("eni-aaaaaaaa");
            assertThat(h.path("HaVipAssociationSet").get(0).path("InstanceType").asText()).isEqualTo("ENI");
            assertThat(again.claimHaVip("10.0.1.50", "eni-bbbbbbbb")).isEqualTo("OUTSIDE_SCOPE");
        }
        assertThat(Files.readString(file)).contains("eip-aaaaaaaa");
    }

    @Test
    void theWatcherClaimsWhenTheMacBehindTheVipChanges() throws Exception {
        create("db", "10.0.1.50");
        String macA = VpcState.macFor("eni-aaaaaaaa");
        String macB = VpcState.macFor("eni-bbbbbbbb");
        List<List<GratuitousArpWatcher.Neighbour>> tables = new CopyOnWriteArrayList<>(List.of(
                List.of(new GratuitousArpWatcher.Neighbour("10.0.1.50", macA), new GratuitousArpWatcher.Neighbour("10.0.1.17", macA)),
                List.of(new GratuitousArpWatcher.Neighbour("10.0.1.50", macA)),
                List.of(new GratuitousArpWatcher.Neighbour("10.0.1.50", macB.toUpperCase())),
                List.of(new GratuitousArpWatcher.Neighbour("10.0.1.50", "02:00:00:00:00:01"))));
        GratuitousArpWatcher w = GratuitousArpWatcher.forEmulator(emu, () -> tables.remove(0), () -> Set.of("10.0.1.50"));
        assertThat(w.poll()).extracting(GratuitousArpWatcher.Sent::outcome).containsExactly("FOLLOWED");
        assertThat(w.poll()).isEmpty();                                  // same MAC: no new announcement
        assertThat(w.poll()).extracting(GratuitousArpWatcher.Sent::eniId).containsExactly("eni-bbbbbbbb");
        assertThat(w.poll()).isEmpty();                                  // a MAC no ENI has
        assertThat(emu.haVipOwner(emu.haVipClaims(0).get(0).haVipId())).contains("eni-bbbbbbbb");
    }

    /**
     * A router with one link per member keeps the old announcer's entry next to the new one's: the
     * watcher tells them apart by device, claims the new one once, and forgets the stale one, so a
     * later announcement on that link (failing back) is seen as new.
     */
    @Test
    void entriesOnSeveralLinksNeitherFlapNorHideAFailback() throws Exception {
        create("db", "10.0.1.50");
        String macA = VpcState.macFor("eni-aaaaaaaa");
        String macB = VpcState.macFor("eni-bbbbbbbb");
        var a = new GratuitousArpWatcher.Neighbour("10.0.1.50", macA, "r-a");
        var b = new GratuitousArpWatcher.Neighbour("10.0.1.50", macB, "r-b");
        List<List<GratuitousArpWatcher.Neighbour>> tables = new CopyOnWriteArrayList<>(List.of(
                List.of(a), List.of(a, b), List.of(a, b), List.of(b), List.of(b, a)));
        List<GratuitousArpWatcher.Neighbour> forgotten = new CopyOnWriteArrayList<>();
        GratuitousArpWatcher w = GratuitousArpWatcher.forEmulator(emu, () -> tables.remove(0), () -> Set.of("10.0.1.50"),
                forgotten::add);
        assertThat(w.poll()).extracting(GratuitousArpWatcher.Sent::eniId).containsExactly("eni-aaaaaaaa");
        assertThat(w.poll()).extracting(GratuitousArpWatcher.Sent::eniId).containsExactly("eni-bbbbbbbb");
        assertThat(forgotten).containsExactly(a);
        assertThat(w.poll()).as("a's entry not gone yet: no flapping back").isEmpty();
        assertThat(w.poll()).as("a's entry gone").isEmpty();
        assertThat(w.poll()).extracting(GratuitousArpWatcher.Sent::eniId).as("a announces again").containsExactly("eni-aaaaaaaa");
        assertThat(forgotten).containsExactly(a, b);
        assertThat(emu.haVipOwner(emu.haVipClaims(0).get(0).haVipId())).contains("eni-aaaaaaaa");
    }

    @Test
    void ipNeighJsonIsParsed() throws Exception {
        String json = "[{\"dst\":\"10.0.1.50\",\"dev\":\"br0\",\"lladdr\":\"52:54:00:aa:bb:cc\",\"state\":[\"STALE\"]},"
                + "{\"dst\":\"10.0.1.51\",\"dev\":\"br0\",\"state\":[\"FAILED\"]},{\"dst\":\"fe80::1\",\"lladdr\":\"x\"}]";
        assertThat(GratuitousArpWatcher.parseIpNeigh(json)).containsExactly(
                new GratuitousArpWatcher.Neighbour("10.0.1.50", "52:54:00:aa:bb:cc", "br0"),
                new GratuitousArpWatcher.Neighbour("10.0.1.51", null, "br0"));
        assertThat(GratuitousArpWatcher.parseIpNeigh("")).isEmpty();
    }
}
