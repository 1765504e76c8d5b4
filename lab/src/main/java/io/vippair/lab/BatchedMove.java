package io.vippair.lab;

import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.AssignPrivateIpAddressesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import com.tencentcloudapi.vpc.v20170312.models.UnassignPrivateIpAddressesRequest;
import io.vippair.emulator.CloudEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Issue 12 item 3, for the bench only: several VIPs of one ENI pair moved in two cloud tasks,
 * UnassignPrivateIpAddresses of all of them on the old ENI, then AssignPrivateIpAddresses of all
 * of them on the new one, with tencentcloud-sdk-java against the lab's emulator. The operator does
 * not do this (docs/performance.md, "shared-enis", says why); the bench measures what it would buy.
 */
final class BatchedMove {
  /** DescribeVpcTaskResult allows 20 requests/s: one look every 60 ms stays under it (the operator's port looks every 30-40 ms). */
  private static final Duration POLL = Duration.ofMillis(60);
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(30);

  private final VpcClient vpc;

  BatchedMove(CloudEmulator cloud) {
    this.vpc = LabVpcClient.of(cloud.endpoint(), cloud.secretId(), cloud.secretKey(), Lab.REGION);
  }

  /** Both tasks, one after the other; returns when the cloud says the second one succeeded. */
  void move(List<String> ips, String fromEni, String toEni, Timeline timeline) {
    try {
      UnassignPrivateIpAddressesRequest un = new UnassignPrivateIpAddressesRequest();
      un.setNetworkInterfaceId(fromEni);
      un.setPrivateIpAddresses(specs(ips));
      String unTask = vpc.UnassignPrivateIpAddresses(un).getRequestId();
      timeline.add(Timeline.Kind.LAB, null, "bench: UnassignPrivateIpAddresses " + ips + " from " + fromEni + " sent");
      await(unTask, "UnassignPrivateIpAddresses");
      AssignPrivateIpAddressesRequest as = new AssignPrivateIpAddressesRequest();
      as.setNetworkInterfaceId(toEni);
      as.setPrivateIpAddresses(specs(ips));
      String asTask = vpc.AssignPrivateIpAddresses(as).getRequestId();
      timeline.add(Timeline.Kind.LAB, null, "bench: AssignPrivateIpAddresses " + ips + " to " + toEni + " sent");
      await(asTask, "AssignPrivateIpAddresses");
    } catch (TencentCloudSDKException e) {
      throw new LabException("batched move failed: " + e.getErrorCode() + " " + e.getMessage(), e);
    }
  }

  private void await(String taskId, String action) throws TencentCloudSDKException {
    Instant deadline = Instant.now().plus(TASK_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      DescribeVpcTaskResultRequest q = new DescribeVpcTaskResultRequest();
      q.setTaskId(taskId);
      String status;
      try {
        status = vpc.DescribeVpcTaskResult(q).getStatus();
      } catch (TencentCloudSDKException e) {
        if (e.getErrorCode() == null || !e.getErrorCode().startsWith("RequestLimitExceeded")) {
          throw e;
        }
        status = "RUNNING"; // throttled: look again after the pause
      }
      if ("SUCCESS".equals(status)) {
        return;
      }
      if ("FAILED".equals(status)) {
        throw new LabException(action + " task " + taskId + " failed");
      }
      ScenarioBase.holdFor(POLL);
    }
    throw new LabException(action + " task " + taskId + " still running after " + TASK_TIMEOUT.toSeconds() + " s");
  }

  private static PrivateIpAddressSpecification[] specs(List<String> ips) {
    return ips.stream().map(ip -> {
      PrivateIpAddressSpecification s = new PrivateIpAddressSpecification();
      s.setPrivateIpAddress(ip);
      return s;
    }).toArray(PrivateIpAddressSpecification[]::new);
  }
}
