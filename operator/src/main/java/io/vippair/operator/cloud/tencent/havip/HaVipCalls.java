package io.vippair.operator.cloud.tencent.havip;

import com.google.gson.JsonObject;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort.Attempts;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.cloud.tencent.CloudActions;
import io.vippair.operator.cloud.tencent.TencentCloudPort;
import io.vippair.operator.cloud.tencent.VpcRequests;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The HAVIP calls of the VPC API, typed. vpc 3.1.667 lacks AssociateHaVipInstance,
 * DisassociateHaVipInstance and the HaVip fields that say where the binding is and may go
 * (FlushedTime, HaVipAssociationSet, CheckAssociate), so every call is sent as JSON with the SDK's
 * generic {@code VpcClient.call}: the same TC3 signing and HTTP client as the generated calls, and
 * the same request loop ({@link TencentCloudPort#request}): the per-action rate limit (20/s),
 * retries with backoff, metrics and error classification. A change whose answer was lost is
 * re-sent only after DescribeHaVips shows it did not happen.
 */
public final class HaVipCalls {
  /** DescribeHaVips' maximum for HaVipIds and for Limit; also used for Filter values. */
  public static final int PAGE = 100;
  private static final int MAX_PAGES = 100;
  private static final String ALREADY_DONE = "";

  private final TencentCloudPort api;

  public HaVipCalls(TencentCloudPort api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /** The HAVIPs with these ids, in requests of at most 100 ids; ids the cloud does not know are left out. */
  public List<HaVipFacts> describeHaVips(CloudAccount account, Collection<String> haVipIds, CallPriority priority)
      throws CloudException {
    List<HaVipFacts> out = new ArrayList<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(haVipIds));
    for (int i = 0; i < ids.size(); i += PAGE) {
      String body = HaVipJson.idsRequest(ids.subList(i, Math.min(ids.size(), i + PAGE)), PAGE).toString();
      out.addAll(api.request(account, CloudActions.DESCRIBE_HA_VIPS, priority, Attempts.IGNORED,
          c -> HaVipJson.haVips(HaVipJson.response(c.call(CloudActions.DESCRIBE_HA_VIPS, body))), null));
    }
    return out;
  }

  /** The HAVIPs of {@code vpcId} with these addresses (Filters vpc-id and vip, 100 values a request, paged). */
  public List<HaVipFacts> describeHaVipsByAddress(CloudAccount account, String vpcId, Collection<String> vips,
      CallPriority priority) throws CloudException {
    List<HaVipFacts> out = new ArrayList<>();
    List<String> all = List.copyOf(new LinkedHashSet<>(vips));
    for (int i = 0; i < all.size(); i += PAGE) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + PAGE));
      for (int page = 0; page < MAX_PAGES; page++) {
        String body = HaVipJson.addressRequest(vpcId, chunk, page * PAGE, PAGE).toString();
        Map.Entry<List<HaVipFacts>, Integer> answer = api.request(account, CloudActions.DESCRIBE_HA_VIPS, priority,
            Attempts.IGNORED, c -> {
              JsonObject r = HaVipJson.response(c.call(CloudActions.DESCRIBE_HA_VIPS, body));
              return Map.entry(HaVipJson.haVips(r), HaVipJson.totalCount(r));
            }, null);
        out.addAll(answer.getKey());
        if (answer.getKey().isEmpty() || (page + 1) * PAGE >= answer.getValue()) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Adds instances to the HAVIP's drift scope (only they may claim it).
   *
   * @return the RequestId, or null when a lost attempt had already made the change
   */
  public String associateInstances(CloudAccount account, String haVipId, List<HaVipMember> members)
      throws CloudException {
    String body = HaVipJson.associationRequest(haVipId, members).toString();
    return change(account, haVipId, CloudActions.ASSOCIATE_HA_VIP_INSTANCE,
        c -> HaVipJson.requestId(HaVipJson.response(c.call(CloudActions.ASSOCIATE_HA_VIP_INSTANCE, body))),
        h -> h.driftScope().containsAll(members));
  }

  /** Removes instances from the HAVIP's drift scope; the RequestId, or null when already done. */
  public String disassociateInstances(CloudAccount account, String haVipId, List<HaVipMember> members)
      throws CloudException {
    String body = HaVipJson.associationRequest(haVipId, members).toString();
    return change(account, haVipId, CloudActions.DISASSOCIATE_HA_VIP_INSTANCE,
        c -> HaVipJson.requestId(HaVipJson.response(c.call(CloudActions.DISASSOCIATE_HA_VIP_INSTANCE, body))),
        h -> members.stream().noneMatch(h.driftScope()::contains));
  }

  /** Binds an EIP (by address) to the HAVIP; asynchronous: the task id for {@link #taskResult}, or null. */
  public String associateEip(CloudAccount account, String haVipId, String addressIp) throws CloudException {
    JsonObject body = new JsonObject();
    body.addProperty("HaVipId", haVipId);
    body.addProperty("AddressIp", addressIp);
    String json = body.toString();
    return change(account, haVipId, CloudActions.HA_VIP_ASSOCIATE_EIP,
        c -> HaVipJson.requestId(HaVipJson.response(c.call(CloudActions.HA_VIP_ASSOCIATE_EIP, json))),
        h -> addressIp.equals(h.addressIp()));
  }

  /** Unbinds the HAVIP's EIP; asynchronous: the task id, or null. */
  public String disassociateEip(CloudAccount account, String haVipId) throws CloudException {
    JsonObject body = new JsonObject();
    body.addProperty("HaVipId", haVipId);
    String json = body.toString();
    return change(account, haVipId, CloudActions.HA_VIP_DISASSOCIATE_EIP,
        c -> HaVipJson.requestId(HaVipJson.response(c.call(CloudActions.HA_VIP_DISASSOCIATE_EIP, json))),
        h -> h.addressIp() == null);
  }

  /** The state of an asynchronous HAVIP task (the RequestId of the call that started it). */
  public TaskState taskResult(CloudAccount account, String taskId) throws CloudException {
    return api.taskState(account, taskId);
  }

  private String change(CloudAccount account, String haVipId, String action,
      VpcRequests.SdkCall<String> sdk, Predicate<HaVipFacts> done)
      throws CloudException {
    String taskId = api.request(account, action, CallPriority.URGENT, Attempts.IGNORED, sdk, () -> {
      List<HaVipFacts> now = describeHaVips(account, List.of(haVipId), CallPriority.URGENT);
      return !now.isEmpty() && done.test(now.get(0)) ? Optional.of(ALREADY_DONE) : Optional.empty();
    });
    // no task id: the earlier attempt made the change; the caller re-observes
    return ALREADY_DONE.equals(taskId) ? null : taskId;
  }
}
