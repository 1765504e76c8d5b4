package io.vippair.operator.cloud.tencent;

import static org.assertj.core.api.Assertions.assertThat;

import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Waiting for the task that holds an ENI: when it ends, and how many looks the waiters share. */
class EniTaskEndsTest {
  private static final CloudAccount ACCOUNT = new CloudAccount("ap-guangzhou", new CloudCredentials("id", "key", null));

  @Test
  void aTaskSeenRunningThenGoneHasEndedAndWaitersShareTheLooks() throws Exception {
    AtomicInteger looks = new AtomicInteger();
    long endsAt = System.nanoTime() + 300_000_000L;
    EniTaskEnds.Describe describe = ids -> {
      looks.incrementAndGet();
      return Map.of("eni-a", eni("eni-a", System.nanoTime() < endsAt ? "MIGRATING" : "AVAILABLE"));
    };
    EniTaskEnds ends = new EniTaskEnds(RateLimiter.Sleeper.SYSTEM);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<EniTaskEnds.Outcome>> waits = List.of(
          pool.submit(() -> ends.await(ACCOUNT, List.of("eni-a", "eni-b"), describe)),
          pool.submit(() -> ends.await(ACCOUNT, List.of("eni-b", "eni-a"), describe)),
          pool.submit(() -> ends.await(ACCOUNT, List.of("eni-a", "eni-b"), describe)));
      for (Future<EniTaskEnds.Outcome> w : waits) {
        assertThat(w.get()).isEqualTo(EniTaskEnds.Outcome.ENDED);
      }
      long lateMs = (System.nanoTime() - endsAt) / 1_000_000;
      System.out.println("MEASURED task end seen " + lateMs + " ms late; " + looks.get() + " looks for three waiters");
      // about 300 ms / 30 ms looks, shared: three waiters looking alone would make three times as many
      assertThat(looks.get()).isBetween(2, 20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void idleAtTheFirstLookIsNotSeen() throws Exception {
    EniTaskEnds ends = new EniTaskEnds(RateLimiter.Sleeper.SYSTEM);
    assertThat(ends.await(ACCOUNT, List.of("eni-a"), ids -> Map.of("eni-a", eni("eni-a", "AVAILABLE"))))
        .isEqualTo(EniTaskEnds.Outcome.NOT_SEEN);
    assertThat(EniTaskEnds.idle(List.of(eni("eni-a", "PENDING")))).isFalse();
    assertThat(EniTaskEnds.idle(List.of(eni("eni-a", "DELETING")))).isFalse();
    assertThat(EniTaskEnds.idle(List.of(new NetworkInterface()))).isTrue();
  }

  private static NetworkInterface eni(String id, String state) {
    PrivateIpAddressSpecification ip = new PrivateIpAddressSpecification();
    ip.setPrivateIpAddress("10.0.0.5");
    ip.setState(state);
    NetworkInterface eni = new NetworkInterface();
    eni.setNetworkInterfaceId(id);
    eni.setPrivateIpAddressSet(new PrivateIpAddressSpecification[] {ip});
    return eni;
  }
}
