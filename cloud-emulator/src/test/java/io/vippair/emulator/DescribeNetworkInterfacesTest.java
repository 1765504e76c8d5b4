package io.vippair.emulator;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesResponse;
import com.tencentcloudapi.vpc.v20170312.models.Filter;
import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.vippair.emulator.TestClients.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

class DescribeNetworkInterfacesTest {
    static CloudEmulator emu;
    static VpcClient vpc;

    @BeforeAll
    static void start() {
        emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults()));
        emu.addPrivateIp("eni-bbbbbbbb", "10.0.1.200");
        // 30 more ENIs in a second subnet, to page through
        emu.addSubnet("subnet-bbbbbbbb", "vpc-1yxuk010", "10.0.2.0/24");
        IntStream.range(0, 30).forEach(i -> emu.addEni(String.format("eni-x%07d", i), "subnet-bbbbbbbb", null, "10.0.2." + (10 + i)));
        emu.addVpc("vpc-shanghai", "ap-shanghai").addSubnet("subnet-shanghai", "vpc-shanghai", "10.0.1.0/24")
                .addEni("eni-shanghai", "subnet-shanghai", "ins-shanghai", "10.0.1.100");
        vpc = TestClients.sdk(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static Filter filter(String name, String... values) {
        Filter f = new Filter();
        f.setName(name);
        f.setValues(values);
        return f;
    }

    static List<String> ids(DescribeNetworkInterfacesResponse r) {
        return Arrays.stream(r.getNetworkInterfaceSet()).map(NetworkInterface::getNetworkInterfaceId).toList();
    }

    static DescribeNetworkInterfacesResponse byFilters(Filter... filters) throws Exception {
        DescribeNetworkInterfacesRequest r = new DescribeNetworkInterfacesRequest();
        r.setFilters(filters);
        r.setLimit(100L);
        return vpc.DescribeNetworkInterfaces(r);
    }

    @Test
    void byIdsWithTheFieldsTheOperatorReads() throws Exception {
        DescribeNetworkInterfacesRequest r = new DescribeNetworkInterfacesRequest();
        r.setNetworkInterfaceIds(new String[] {"eni-aaaaaaaa", "eni-nonexist"});
        DescribeNetworkInterfacesResponse resp = vpc.DescribeNetworkInterfaces(r);
        assertThat(resp.getTotalCount()).isEqualTo(1);
        NetworkInterface eni = resp.getNetworkInterfaceSet()[0];
        assertThat(eni.getVpcId()).isEqualTo("vpc-1yxuk010");
        assertThat(eni.getSubnetId()).isEqualTo("subnet-aaaaaaaa");
        assertThat(eni.getPrimary()).isTrue();
        assertThat(eni.getMacAddress()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(eni.getAttachment().getInstanceId()).isEqualTo("ins-aaaaaaaa");
        assertThat(eni.getPrivateIpAddressSet()).extracting(s -> s.getPrivateIpAddress() + " " + s.getPrimary() + " " + s.getState())
                .containsExactly("10.0.1.17 true AVAILABLE", "10.0.1.100 false AVAILABLE");
    }

    @Test
    void filtersAreAndedAndTheirValuesOred() throws Exception {
        assertThat(ids(byFilters(filter("subnet-id", "subnet-aaaaaaaa")))).containsExactly("eni-aaaaaaaa", "eni-bbbbbbbb");
        assertThat(ids(byFilters(filter("vpc-id", "vpc-1yxuk010"), filter("network-interface-id", "eni-bbbbbbbb", "eni-x0000001"))))
                .containsExactly("eni-bbbbbbbb", "eni-x0000001");
        assertThat(ids(byFilters(filter("vpc-id", "vpc-other")))).isEmpty();
        assertThat(ids(byFilters(filter("attachment.instance-id", "ins-bbbbbbbb")))).containsExactly("eni-bbbbbbbb");
    }

    @Test
    void addressIpIsASuffixMatchForOneValueAndExactForSeveralOrWithIpExactMatch() throws Exception {
        // "0.1.100" is a suffix of 10.0.1.100 only; "00" is a suffix of 10.0.1.100 and 10.0.1.200
        assertThat(ids(byFilters(filter("address-ip", "0.1.100")))).containsExactly("eni-aaaaaaaa");
        assertThat(ids(byFilters(filter("address-ip", "00")))).containsExactly("eni-aaaaaaaa", "eni-bbbbbbbb");
        assertThat(ids(byFilters(filter("address-ip", "00"), filter("ip-exact-match", "TRUE")))).isEmpty();
        assertThat(ids(byFilters(filter("address-ip", "10.0.1.100"), filter("ip-exact-match", "TRUE"))))
                .containsExactly("eni-aaaaaaaa");
        assertThat(ids(byFilters(filter("address-ip", "00", "10.0.1.200")))).containsExactly("eni-bbbbbbbb");
    }

    @Test
    void offsetAndLimitPageWithDefaultTwenty() throws Exception {
        DescribeNetworkInterfacesRequest r = new DescribeNetworkInterfacesRequest();
        r.setFilters(new Filter[] {filter("subnet-id", "subnet-bbbbbbbb")});
        DescribeNetworkInterfacesResponse first = vpc.DescribeNetworkInterfaces(r);
        assertThat(first.getTotalCount()).isEqualTo(30);
        assertThat(first.getNetworkInterfaceSet()).hasSize(20);
        r.setOffset(20L);
        DescribeNetworkInterfacesResponse second = vpc.DescribeNetworkInterfaces(r);
        assertThat(ids(second)).hasSize(10).doesNotContainAnyElementsOf(ids(first));
    }

    @Test
    void regionsDoNotSeeEachOther() throws Exception {
        assertThat(vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()).getTotalCount()).isEqualTo(32);
        VpcClient shanghai = TestClients.sdk(emu, new Credential(emu.secretId(), emu.secretKey()), "ap-shanghai", 10);
        assertThat(ids(shanghai.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()))).containsExactly("eni-shanghai");
        VpcClient beijing = TestClients.sdk(emu, new Credential(emu.secretId(), emu.secretKey()), "ap-beijing", 10);
        assertThat(beijing.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()).getTotalCount()).isZero();
    }

    @Test
    void documentedErrors() {
        DescribeNetworkInterfacesRequest both = new DescribeNetworkInterfacesRequest();
        both.setNetworkInterfaceIds(new String[] {"eni-aaaaaaaa"});
        both.setFilters(new Filter[] {filter("vpc-id", "vpc-1yxuk010")});
        assertCode(() -> vpc.DescribeNetworkInterfaces(both), "InvalidParameter.Coexist");

        DescribeNetworkInterfacesRequest tooMany = new DescribeNetworkInterfacesRequest();
        tooMany.setNetworkInterfaceIds(IntStream.range(0, 101).mapToObj(i -> String.format("eni-%08d", i)).toArray(String[]::new));
        assertCode(() -> vpc.DescribeNetworkInterfaces(tooMany), "InvalidParameterValue.LimitExceeded");

        assertCode(() -> byFilters(filter("colour", "blue")), "InvalidParameter.FilterInvalidKey");

        DescribeNetworkInterfacesRequest bigLimit = new DescribeNetworkInterfacesRequest();
        bigLimit.setLimit(101L);
        assertCode(() -> vpc.DescribeNetworkInterfaces(bigLimit), "InvalidParameterValue.Range");

        DescribeNetworkInterfacesRequest badId = new DescribeNetworkInterfacesRequest();
        badId.setNetworkInterfaceIds(new String[] {"eni-NOPE"});
        assertCode(() -> vpc.DescribeNetworkInterfaces(badId), "InvalidParameterValue.Malformed");
    }

    @Test
    void hundredIdsAreAllowed() throws Exception {
        DescribeNetworkInterfacesRequest r = new DescribeNetworkInterfacesRequest();
        r.setNetworkInterfaceIds(IntStream.range(0, 100).mapToObj(i -> String.format("eni-x%07d", i % 30)).toArray(String[]::new));
        r.setLimit(100L);
        assertThat(vpc.DescribeNetworkInterfaces(r).getTotalCount()).isEqualTo(30);
    }
}
