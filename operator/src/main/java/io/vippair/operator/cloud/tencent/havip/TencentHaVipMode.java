package io.vippair.operator.cloud.tencent.havip;

import io.vippair.api.v1alpha1.HaVipSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.BoundedLru;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.Placement;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.cloud.tencent.TencentCloudPort;
import io.vippair.operator.failover.CloudView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Tencent HAVIP mode behind the mode-neutral {@link CloudPort}: the VIP is an HAVIP that the
 * master's keepalived claims by gratuitous ARP, so no API call moves it. Observing is DescribeHaVips,
 * batched (100 ids a call; pairs without an id by address, 100 addresses a call per VPC); after
 * it, {@link HaVipUpkeep} keeps the drift scope and the EIP. "Placing" the VIP on a member makes no
 * call: it starts a wait for the binding to follow, with a task id of this mode that {@link #follow}
 * answers from the latest observation (the controller observes a pair with a change in flight
 * before it polls the task). Releasing makes no call either: vippair does not own the HAVIP.
 */
public final class TencentHaVipMode implements CloudPort {
  private static final String WAIT_PREFIX = "havip-binding/";

  private final HaVipCalls calls;
  private final HaVipUpkeep upkeep;
  /** key(pair) → the ENI the HAVIP was bound to at the last observation (null: unbound). */
  private final Map<String, String> lastBinding = new BoundedLru<>(100_000);

  public TencentHaVipMode(TencentCloudPort api, Clock clock) {
    this.calls = new HaVipCalls(api);
    this.upkeep = new HaVipUpkeep(calls, clock);
  }

  @Override
  public Map<String, Placement> observe(CloudAccount account, List<VipPair> pairs, CallPriority priority) {
    Map<String, Placement> out = new HashMap<>();
    List<HaVipFacts> found = new ArrayList<>();
    List<VipPair> byId = pairs.stream().filter(p -> id(p) != null).toList();
    Map<String, List<VipPair>> byAddress = new LinkedHashMap<>();
    pairs.stream().filter(p -> id(p) == null)
        .forEach(p -> byAddress.computeIfAbsent(p.getSpec().getCloud().getVpcId(), v -> new ArrayList<>()).add(p));
    try {
      found.addAll(calls.describeHaVips(account, byId.stream().map(TencentHaVipMode::id).toList(), priority));
    } catch (CloudException e) {
      byId.forEach(p -> out.put(CloudPort.key(p), unknown(e)));
    }
    byAddress.forEach((vpc, some) -> {
      try {
        found.addAll(calls.describeHaVipsByAddress(account, vpc,
            some.stream().map(p -> p.getSpec().getVip().getAddress()).toList(), priority));
      } catch (CloudException e) {
        some.forEach(p -> out.put(CloudPort.key(p), unknown(e)));
      }
    });
    for (VipPair pair : pairs) {
      String key = CloudPort.key(pair);
      if (out.containsKey(key)) {
        continue;
      }
      HaVipFacts facts = HaVipPlacements.find(pair.getSpec(), found);
      Placement placed = HaVipPlacements.of(pair.getSpec(), facts);
      remember(key, facts);
      upkeep.keep(account, pair, facts);
      // the spec's EIP changed and the one on the HAVIP is vippair's own, being taken off: no conflict
      boolean own = placed.problem() != null && HaVipPlacements.EIP_CONFLICT.equals(placed.problem().reason())
          && upkeep.replacing(facts);
      out.put(key, own ? new Placement(placed.view(), null) : placed);
    }
    return out;
  }

  /** No call: keepalived on {@code to} announces the VIP; the task is the wait for the binding. */
  @Override
  public TaskHandle place(CloudAccount account, VipPair pair, String to, String from, Attempts attempts) {
    return new TaskHandle(WAIT_PREFIX + eni(pair, to) + "/" + UUID.randomUUID());
  }

  /** No call: the HAVIP is not vippair's to unbind; deletion leaves it as it is. */
  @Override
  public TaskHandle release(CloudAccount account, VipPair pair, String from, Attempts attempts) {
    return TaskHandle.alreadyUnderWay();
  }

  @Override
  public TaskState follow(CloudAccount account, VipPair pair, String taskId) throws CloudException {
    if (taskId == null || !taskId.startsWith(WAIT_PREFIX)) {
      return calls.taskResult(account, taskId);
    }
    String target = taskId.substring(WAIT_PREFIX.length(), taskId.lastIndexOf('/'));
    return target.equals(binding(CloudPort.key(pair))) ? new TaskState.Succeeded() : new TaskState.Running();
  }

  private synchronized void remember(String key, HaVipFacts facts) {
    lastBinding.put(key, facts == null ? null : facts.networkInterfaceId());
  }

  private synchronized String binding(String key) {
    return lastBinding.get(key);
  }

  private static String id(VipPair pair) {
    HaVipSpec h = pair.getSpec().getCloud().getHaVip();
    return h == null ? null : h.getId();
  }

  private static Placement unknown(CloudException e) {
    return new Placement(new CloudView.Unknown(e.getMessage(), e.errorCode()), null);
  }

  private static String eni(VipPair pair, String member) {
    Member m = pair.getSpec().member(member);
    if (m == null) {
      throw new IllegalStateException("the decision named member " + member + ", which is not in the spec");
    }
    return m.getNetworkInterfaceId();
  }
}
