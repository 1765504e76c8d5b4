package io.vippair.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.tencent.CloudActions;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.tencent.CloudEndpoint;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.tencent.CloudPortSettings;
import io.vippair.operator.cloud.tencent.TencentCloudPort;
import io.vippair.operator.cloud.tencent.VipQuery;
import java.time.Duration;
import java.util.List;

/**
 * The operator's cloud port metrics as /metrics prints them: the real TencentCloudPort (real SDK,
 * real signatures) against the cloud emulator on loopback makes one successful observation, one
 * throttled migration and one successful migration, then the registry is scraped.
 */
final class CloudPortScrape {

  private static final String REGION = "ap-guangzhou";
  private static final String VPC = "vpc-1yxuk010";
  private static final String SUBNET = "subnet-2k3l4m5n";
  private static final String ENI_A = "eni-pvsvph0u";
  private static final String ENI_B = "eni-qnxioxyi";
  private static final String VIP = "10.0.1.100";

  private CloudPortScrape() {}

  static String scrape() throws CloudException {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (var emu = CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofMillis(10), Duration.ofMillis(10)))) {
      emu.addVpc(VPC, REGION, "10.0.0.0/16")
          .addSubnet(SUBNET, VPC, "10.0.1.0/24")
          .addEni(ENI_A, SUBNET, "ins-1a2b3c4d", "10.0.1.17")
          .addEni(ENI_B, SUBNET, "ins-5e6f7a8b", "10.0.1.16")
          .addPrivateIp(ENI_A, VIP);
      var settings = CloudPortSettings.defaults()
          .withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint()))
          .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(20));
      var port = new TencentCloudPort(settings, registry);
      var account = new CloudAccount(REGION, new CloudCredentials(emu.secretId(), emu.secretKey(), null));

      port.observe(account, List.of(new VipQuery("db/mysql-prod", VPC, VIP, List.of(ENI_A, ENI_B))), CallPriority.ROUTINE);
      emu.faults().error(CloudActions.MIGRATE, "RequestLimitExceeded", 1.0);
      try {
        port.migrate(account, VIP, ENI_A, ENI_B);
        throw new AssertionError("the emulator throttles every migration, yet one went through");
      } catch (CloudException expected) {
        // throttled on every try: counted by action and code, and as throttled
      }
      emu.faults().clear();
      port.migrate(account, VIP, ENI_A, ENI_B);
    }
    return registry.scrape();
  }
}
