package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;

import io.vippair.emulator.CloudEmulator;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds the cloud emulator with N pairs (two ENIs in one subnet, the VIP on the first) and builds
 * the matching queries. Shared by the tests and the benchmark.
 */
final class CloudFleet {
  static final String REGION = "ap-guangzhou";
  static final String VPC = "vpc-test0001";
  static final String SUBNET = "subnet-test0001";

  private CloudFleet() {}

  static String eniA(int pair) { return String.format("eni-a%07d", pair); }

  static String eniB(int pair) { return String.format("eni-b%07d", pair); }

  /** 10.x.y.z addresses: three per pair (two primaries and the VIP), clear of the subnet's first. */
  static String ip(int pair, int which) {
    int k = pair * 3 + which + 16;
    return "10." + (k >> 16 & 0xff) + "." + (k >> 8 & 0xff) + "." + (k & 0xff);
  }

  static String vip(int pair) { return ip(pair, 2); }

  static String key(int pair) { return "ns/pair-" + pair; }

  /** The VPC, one /8 subnet and {@code pairs} pairs with the VIP on ENI a. */
  static void seed(CloudEmulator emu, int pairs) {
    emu.addVpc(VPC, REGION, "10.0.0.0/8");
    emu.addSubnet(SUBNET, VPC, "10.0.0.0/8");
    for (int i = 0; i < pairs; i++) {
      emu.addEni(eniA(i), SUBNET, String.format("ins-a%07d", i), ip(i, 0));
      emu.addEni(eniB(i), SUBNET, String.format("ins-b%07d", i), ip(i, 1));
      emu.addPrivateIp(eniA(i), vip(i));
    }
  }

  static VipQuery query(int pair) {
    return new VipQuery(key(pair), VPC, vip(pair), List.of(eniA(pair), eniB(pair)));
  }

  static List<VipQuery> queries(int pairs) {
    List<VipQuery> out = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      out.add(query(i));
    }
    return out;
  }

  static CloudAccount account(CloudEmulator emu) {
    return new CloudAccount(REGION, new CloudCredentials(emu.secretId(), emu.secretKey(), null));
  }
}
