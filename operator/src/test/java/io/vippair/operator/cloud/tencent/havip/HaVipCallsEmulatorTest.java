package io.vippair.operator.cloud.tencent.havip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.tencent.CloudActions;
import io.vippair.operator.cloud.tencent.CloudEndpoint;
import io.vippair.operator.cloud.tencent.CloudPortSettings;
import io.vippair.operator.cloud.tencent.TencentCloudPort;
import io.vippair.emulator.Actions;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HAVIP calls with the real SDK common module against the cloud emulator: real HTTP, real TC3
 * signatures (the emulator rejects a bad one), the emulator's own throttling and faults.
 */
class HaVipCallsEmulatorTest {
  private static final String REGION = "ap-guangzhou";
  private static final String VPC = "vpc-1yxuk010";
  private static final CallPriority R = CallPriority.ROUTINE;

  private CloudEmulator emu;
  private CloudAccount account;
  private HaVipCalls calls;

  @BeforeEach
  void start() {
    emu = CloudEmulator.start(EmulatorConfig.defaults().withTaskDelay(Duration.ofMillis(200), Duration.ofMillis(200)));
    emu.addVpc(VPC, REGION, "10.0.0.0/16").addSubnet("subnet-aaaaaaaa", VPC, "10.0.1.0/24")
        .addEni("eni-aaaaaaaa", "subnet-aaaaaaaa", "ins-aaaaaaaa", "10.0.1.17")
        .addEni("eni-bbbbbbbb", "subnet-aaaaaaaa", "ins-bbbbbbbb", "10.0.1.18")
        .addEni("eni-cccccccc", "subnet-aaaaaaaa", "ins-cccccccc", "10.0.1.19")
        .addHaVip("havip-aaaaaaaa", "subnet-aaaaaaaa", "10.0.1.100")
        .addEip("eip-aaaaaaaa", "203.0.113.10", REGION);
    account = new CloudAccount(REGION, new CloudCredentials(emu.secretId(), emu.secretKey(), null));
    calls = calls(5);
  }

  private HaVipCalls calls(int attempts) {
    CloudPortSettings s = CloudPortSettings.defaults()
        .withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint()))
        .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(10))
        .withRetries(attempts, Duration.ofMillis(5), Duration.ofMillis(20));
    for (String action : CloudActions.ALL) {
      s = s.withRateLimit(action, "10000");
    }
    return new HaVipCalls(new TencentCloudPort(s, new SimpleMeterRegistry()));
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void driftScopeAndBindingAreReadBackWithTheFieldsTheModelLacks() throws Exception {
    HaVipFacts before = calls.describeHaVips(account, List.of("havip-aaaaaaaa"), R).get(0);
    assertThat(before.bound()).isFalse();
    assertThat(before.state()).isEqualTo("UNBIND");
    assertThat(before.flushedTime()).isEqualTo("0000-00-00 00:00:00");

    calls.associateInstances(account, "havip-aaaaaaaa", List.of(HaVipMember.eni("eni-aaaaaaaa"), HaVipMember.cvm("ins-bbbbbbbb")));
    assertThat(emu.claimHaVip("10.0.1.100", "eni-cccccccc")).isEqualTo("OUTSIDE_SCOPE");
    assertThat(emu.claimHaVip("10.0.1.100", "eni-bbbbbbbb")).isEqualTo("FOLLOWED");

    HaVipFacts after = calls.describeHaVipsByAddress(account, VPC, List.of("10.0.1.100"), R).get(0);
    assertThat(after.networkInterfaceId()).isEqualTo("eni-bbbbbbbb");
    assertThat(after.instanceId()).isEqualTo("ins-bbbbbbbb");
    assertThat(after.flushedAt()).hasValueSatisfying(t ->
        assertThat(Duration.between(t, java.time.Instant.now()).abs()).isLessThan(Duration.ofSeconds(5)));
    assertThat(before.flushedAt()).isEmpty();
    assertThat(after.checkAssociate()).isTrue();
    assertThat(after.driftScope()).containsExactly(HaVipMember.eni("eni-aaaaaaaa"), HaVipMember.cvm("ins-bbbbbbbb"));

    calls.disassociateInstances(account, "havip-aaaaaaaa", List.of(HaVipMember.cvm("ins-bbbbbbbb")));
    assertThat(calls.describeHaVips(account, List.of("havip-aaaaaaaa"), R).get(0).driftScope())
        .containsExactly(HaVipMember.eni("eni-aaaaaaaa"));
    assertThatThrownBy(() -> calls.disassociateInstances(account, "havip-aaaaaaaa", List.of(HaVipMember.cvm("ins-bbbbbbbb"))))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudException.Kind.NOT_FOUND);
          assertThat(e.action()).isEqualTo(CloudActions.DISASSOCIATE_HA_VIP_INSTANCE);
        });
  }

  @Test
  void describeSendsAtMostOneHundredIdsPerRequest() throws Exception {
    List<String> ids = new ArrayList<>(List.of("havip-aaaaaaaa"));
    IntStream.range(0, 230).forEach(i -> ids.add(String.format("havip-z%07d", i)));   // unknown ids: left out
    long before = emu.requests(Actions.DESCRIBE_HA_VIPS);
    List<HaVipFacts> found = calls.describeHaVips(account, ids, R);
    assertThat(found).extracting(HaVipFacts::haVipId).containsExactly("havip-aaaaaaaa");
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS) - before).isEqualTo(3);
  }

  @Test
  void anEipIsAssociatedAndDisassociatedThroughTasks() throws Exception {
    String task = calls.associateEip(account, "havip-aaaaaaaa", "203.0.113.10");
    assertThat(calls.taskResult(account, task)).isInstanceOf(TaskState.Running.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.taskResult(account, task) instanceof TaskState.Succeeded);
    assertThat(calls.describeHaVips(account, List.of("havip-aaaaaaaa"), R).get(0).addressIp()).isEqualTo("203.0.113.10");
    // an HAVIP that has an EIP takes no other: a conflict to report, never retried
    long sent = emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP);
    assertThatThrownBy(() -> calls.associateEip(account, "havip-aaaaaaaa", "203.0.113.10"))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("UnsupportedOperation.BindEIP");
          assertThat(e.kind()).isEqualTo(CloudException.Kind.INVALID_REQUEST);
        });
    assertThat(emu.requests(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP) - sent).isEqualTo(1);

    String untask = calls.disassociateEip(account, "havip-aaaaaaaa");
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.taskResult(account, untask) instanceof TaskState.Succeeded);
    assertThat(calls.describeHaVips(account, List.of("havip-aaaaaaaa"), R).get(0).addressIp()).isNull();
    assertThatThrownBy(() -> calls.disassociateEip(account, "havip-aaaaaaaa"))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.INVALID_REQUEST));
    assertThat(calls.taskResult(account, "00000000-0000-0000-0000-000000000000")).isInstanceOf(TaskState.NotFound.class);

    emu.faults().taskFailure(Actions.HA_VIP_ASSOCIATE_ADDRESS_IP, 1);
    String failing = calls.associateEip(account, "havip-aaaaaaaa", "203.0.113.10");
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.taskResult(account, failing) instanceof TaskState.Failed);
  }

  @Test
  void throttledCallsAreRetriedAndOtherFailuresClassified() throws Exception {
    emu.faults().error(Actions.DESCRIBE_HA_VIPS, "RequestLimitExceeded", 1);
    assertThatThrownBy(() -> calls.describeHaVips(account, List.of("havip-aaaaaaaa"), R))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.THROTTLED));
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS)).isEqualTo(5);
    emu.faults().clear();

    // a throttled change was refused unseen: it is sent again until it goes through
    emu.faults().error(Actions.ASSOCIATE_HA_VIP_INSTANCE, "RequestLimitExceeded", 0.5);
    HaVipCalls patient = calls(10);
    for (int i = 0; i < 10; i++) {
      patient.associateInstances(account, "havip-aaaaaaaa", List.of(HaVipMember.eni("eni-aaaaaaaa")));
      patient.disassociateInstances(account, "havip-aaaaaaaa", List.of(HaVipMember.eni("eni-aaaaaaaa")));
    }
    assertThat(emu.requests(Actions.ASSOCIATE_HA_VIP_INSTANCE)).isGreaterThan(10);
    assertThat(emu.requests(Actions.DISASSOCIATE_HA_VIP_INSTANCE)).isEqualTo(10);
    emu.faults().clear();

    // an InternalError may hide a change that happened: each re-send waits for DescribeHaVips to show it did not
    emu.faults().error(Actions.ASSOCIATE_HA_VIP_INSTANCE, "InternalError", 1);
    long sent = emu.requests(Actions.ASSOCIATE_HA_VIP_INSTANCE);
    long looked = emu.requests(Actions.DESCRIBE_HA_VIPS);
    assertThatThrownBy(() -> calls.associateInstances(account, "havip-aaaaaaaa", List.of(HaVipMember.eni("eni-aaaaaaaa"))))
        .isInstanceOfSatisfying(CloudException.class, e -> assertThat(e.kind()).isEqualTo(CloudException.Kind.TRANSIENT));
    long resent = emu.requests(Actions.ASSOCIATE_HA_VIP_INSTANCE) - sent;
    assertThat(resent).isEqualTo(5);
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS) - looked).as("a look before every re-send").isEqualTo(resent - 1);
  }

  @Test
  void pacedAtTwentyPerSecondTheCloudNeverThrottles() throws Exception {
    HaVipCalls paced = new HaVipCalls(new TencentCloudPort(CloudPortSettings.defaults()
        .withEndpoint(CloudEndpoint.parse("http://" + emu.endpoint())), new SimpleMeterRegistry()));
    long start = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      paced.describeHaVips(account, List.of("havip-aaaaaaaa"), R);
    }
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS)).as("no request was throttled and retried").isEqualTo(30);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1300));
  }

  @Test
  void anAnswerWithoutTheTencentEnvelopeIsMalformedAndNotRetried() {
    emu.faults().malformed(Actions.DESCRIBE_HA_VIPS, 1);
    assertThatThrownBy(() -> calls.describeHaVips(account, List.of("havip-aaaaaaaa"), R))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudException.Kind.MALFORMED_RESPONSE);
          assertThat(e.retryableLater()).isTrue();
        });
    assertThat(emu.requests(Actions.DESCRIBE_HA_VIPS)).as("classified as for DescribeNetworkInterfaces").isEqualTo(1);
  }

  @Test
  void aWrongKeyIsAnAuthFailureThatNamesNoSecret() {
    CloudAccount wrong = new CloudAccount(REGION, new CloudCredentials(emu.secretId(), "not-the-key-0123456789", null));
    assertThatThrownBy(() -> calls.describeHaVips(wrong, List.of("havip-aaaaaaaa"), R))
        .isInstanceOfSatisfying(CloudException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudException.Kind.AUTH);
          assertThat(e.errorCode()).isEqualTo("AuthFailure.SignatureFailure");
          assertThat(e.getMessage()).doesNotContain("not-the-key-0123456789");
        });
  }
}
