package io.vippair.emulator;

import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {
    @Test
    void aBurstOfTwentyAgainstFivePerSecondIsThrottledToTheBucket() throws Exception {
        try (CloudEmulator emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults()))) {
            emu.faults().rateLimit(Actions.DESCRIBE_NETWORK_INTERFACES, 5);
            VpcClient vpc = TestClients.sdk(emu);
            int ok = 0;
            int throttled = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                try {
                    vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest());
                    ok++;
                } catch (TencentCloudSDKException e) {
                    assertThat(e.getErrorCode()).isEqualTo("RequestLimitExceeded");
                    throttled++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("burst of 20 at 5/s: %d ok, %d throttled in %.3f s%n", ok, throttled, seconds);
            // the bucket holds 5 and refills 5 per second: never more than that got through
            assertThat(ok).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(5 + (int) Math.ceil(seconds * 5));
            assertThat(throttled).isPositive();
            assertThat(ok + throttled).isEqualTo(20);
            assertThat(emu.requests(Actions.DESCRIBE_NETWORK_INTERFACES)).isEqualTo(20);
        }
    }

    @Test
    void theBucketHoldsOneSecondAndRefillsAtTheRate() {
        long[] now = {0};
        TokenBucket bucket = new TokenBucket(5, () -> now[0]);
        int burst = 0;
        for (int i = 0; i < 20; i++) {
            burst += bucket.tryAcquire() ? 1 : 0;
        }
        assertThat(burst).isEqualTo(5);
        now[0] += 400_000_000L; // 0.4 s: two more tokens
        int later = 0;
        for (int i = 0; i < 20; i++) {
            later += bucket.tryAcquire() ? 1 : 0;
        }
        assertThat(later).isEqualTo(2);
        now[0] += 60_000_000_000L; // a long pause refills to one second's worth, no more
        int afterPause = 0;
        for (int i = 0; i < 20; i++) {
            afterPause += bucket.tryAcquire() ? 1 : 0;
        }
        assertThat(afterPause).isEqualTo(5);
    }

    @Test
    void throttlingIsPerActionAndTheCodeIsConfigurable() throws Exception {
        try (CloudEmulator emu = TestClients.pair(CloudEmulator.start(EmulatorConfig.defaults()))) {
            emu.faults().rateLimit(Actions.DESCRIBE_NETWORK_INTERFACES, 1).throttleCode("LimitExceeded.ActionLimited");
            VpcClient vpc = TestClients.sdk(emu);
            vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest());
            TestClients.assertCode(() -> vpc.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest()),
                    "LimitExceeded.ActionLimited");
            // another action has its own bucket
            TestClients.assertCode(() -> vpc.DescribeVpcTaskResult(new com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest()),
                    "MissingParameter");
        }
    }
}
