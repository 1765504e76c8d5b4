package io.vippair.operator.cloud.tencent;

import io.vippair.operator.cloud.CloudPort;

import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.BoundedLru;
import io.vippair.operator.cloud.CloudPort.Attempts;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.AssignPrivateIpAddressesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesResponse;
import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultRequest;
import com.tencentcloudapi.vpc.v20170312.models.DescribeVpcTaskResultResponse;
import com.tencentcloudapi.vpc.v20170312.models.Filter;
import com.tencentcloudapi.vpc.v20170312.models.MigratePrivateIpAddressRequest;
import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import com.tencentcloudapi.vpc.v20170312.models.UnassignPrivateIpAddressesRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.common.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tencent VPC API on tencentcloud-sdk-java's {@link VpcClient}, in ENI terms; {@link
 * TencentSecondaryIpMode} puts it behind the mode-neutral {@link io.vippair.operator.cloud.CloudPort}.
 *
 * <p>Every request first takes a token from the (account, region, action) bucket, then runs; a
 * failure is classified by {@link CloudErrors}: throttling, internal errors, 5xx, mutex-task
 * conflicts, I/O errors and timeouts are retried with {@link Backoff} up to {@code maxAttempts},
 * except that a change refused because another task holds one of its ENIs is sent again as soon as
 * that task ends ({@link EniTaskEnds}); anything else fails at once. A change (migrate, assign, unassign) whose earlier attempt may have
 * reached the cloud is never re-sent blindly: the port first looks at the ENIs and, if the change
 * is already under way, returns {@link TaskHandle#alreadyUnderWay()}.
 */
public final class TencentCloudPort {
  private static final Logger log = LoggerFactory.getLogger(TencentCloudPort.class);

  /** DescribeNetworkInterfaces' maximum for NetworkInterfaceIds and for Limit. */
  static final int PAGE = 100;
  /** Bounds paging through filtered results (100 pages of 100 ENIs per lookup). */
  private static final int MAX_PAGES = 100;

  private final CloudPortSettings settings;
  private final VpcRequests requests;
  private final EniTaskEnds taskEnds;

  public TencentCloudPort(CloudPortSettings settings, MeterRegistry registry) {
    this(settings, registry, RateLimiter.system(settings),
        Backoff.withFullJitter(settings.retryBaseDelay(), settings.retryMaxDelay()),
        RateLimiter.Sleeper.SYSTEM);
  }

  TencentCloudPort(CloudPortSettings settings, MeterRegistry registry, RateLimiter limiter, Backoff backoff,
      RateLimiter.Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.requests = new VpcRequests(settings, new CloudMetrics(Objects.requireNonNull(registry, "registry")), limiter,
        backoff, sleeper);
    this.taskEnds = new EniTaskEnds(sleeper);
  }

  /** Waits for the task that holds one of these ENIs to end (after a MutexOperationTaskRunning refusal). */
  private VpcRequests.TaskEndWait taskEnd(CloudAccount account, String... enis) {
    List<String> ids = List.of(enis);
    return () -> taskEnds.await(account, ids, list -> {
      Map<String, NetworkInterface> out = new HashMap<>();
      for (NetworkInterface eni : describeByIds(account, list, CallPriority.URGENT)) {
        out.put(eni.getNetworkInterfaceId(), eni);
      }
      return out;
    });
  }

  public CloudPortSettings settings() {
    return settings;
  }

  /**
   * One request of an action this port has no method for (the HAVIP calls, sent as JSON with
   * {@code VpcClient.call}), through the same loop as every other: the action's rate limit,
   * retries with backoff, metrics, error classification and, for a change, the resend guard.
   */
  public <T> T request(CloudAccount account, String action, CallPriority priority, Attempts attempts,
      VpcRequests.SdkCall<T> sdk, VpcRequests.ResendGuard<T> guard) throws CloudException {
    return requests.call(account, action, priority, attempts, sdk, guard);
  }

  // ---- observation ----------------------------------------------------------------------------

  /**
   * Who holds each pair's VIP, for many pairs of one account and region at once (batched: about
   * one DescribeNetworkInterfaces call per 50 pairs), and what the cloud says about each member
   * ENI. One ownership entry per query, keyed by {@link VipQuery#key()}; a pair whose state could
   * not be learned maps to {@link VipOwnership.Unknown} rather than failing the whole batch.
   */
  public CloudObservation observe(CloudAccount account, List<VipQuery> queries) {
    return observe(account, queries, CallPriority.ROUTINE);
  }

  public CloudObservation observe(CloudAccount account, List<VipQuery> queries, CallPriority priority) {
    Map<String, NetworkInterface> enis = new HashMap<>();
    Map<String, VipOwnership.Unknown> unreadable = new HashMap<>();
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    queries.forEach(q -> ids.addAll(q.memberEnis()));
    for (List<String> chunk : chunks(List.copyOf(ids), PAGE)) {
      try {
        for (NetworkInterface eni : describeByIds(account, chunk, priority)) {
          enis.put(eni.getNetworkInterfaceId(), eni);
        }
      } catch (CloudException e) {
        VipOwnership.Unknown unknown = unknown(e);
        chunk.forEach(id -> unreadable.put(id, unknown));
      }
    }

    Map<String, VipOwnership> ownership = new HashMap<>();
    Map<String, List<VipQuery>> lookupsByVpc = new LinkedHashMap<>();
    for (VipQuery q : queries) {
      VipOwnership.Unknown failed = q.memberEnis().stream().map(unreadable::get).filter(Objects::nonNull)
          .findFirst().orElse(null);
      VipOwnership found = failed != null ? failed : Ownerships.fromMembers(q, enis);
      if (found != null) {
        ownership.put(q.key(), found);
      } else {
        lookupsByVpc.computeIfAbsent(q.vpcId(), v -> new ArrayList<>()).add(q);
      }
    }
    lookupsByVpc.forEach((vpcId, list) -> lookUpByAddress(account, vpcId, list, priority, ownership));

    Map<String, EniFacts> facts = new HashMap<>();
    enis.forEach((id, eni) -> facts.put(id, Ownerships.facts(eni)));
    return new CloudObservation(ownership, facts);
  }

  /** The second look, only for VIPs neither member lists: does a foreign ENI in the VPC hold it? */
  private void lookUpByAddress(CloudAccount account, String vpcId, List<VipQuery> queries, CallPriority priority,
      Map<String, VipOwnership> ownership) {
    List<String> vips = queries.stream().map(VipQuery::vip).distinct().toList();
    for (List<String> chunk : chunks(vips, PAGE)) {
      Set<String> inChunk = Set.copyOf(chunk);
      List<VipQuery> asked = queries.stream().filter(q -> inChunk.contains(q.vip())).toList();
      try {
        List<NetworkInterface> found = describeByAddress(account, vpcId, chunk, priority);
        asked.forEach(q -> ownership.put(q.key(), Ownerships.fromAddressLookup(q, found)));
      } catch (CloudException e) {
        VipOwnership.Unknown unknown = unknown(e);
        asked.forEach(q -> ownership.put(q.key(), unknown));
      }
    }
  }

  private List<NetworkInterface> describeByIds(CloudAccount account, List<String> ids, CallPriority priority)
      throws CloudException {
    DescribeNetworkInterfacesRequest req = new DescribeNetworkInterfacesRequest();
    req.setNetworkInterfaceIds(ids.toArray(String[]::new));
    return describePaged(account, req, priority, ids.size());
  }

  private List<NetworkInterface> describeByAddress(CloudAccount account, String vpcId, List<String> vips,
      CallPriority priority) throws CloudException {
    List<Filter> filters = new ArrayList<>();
    filters.add(filter("vpc-id", vpcId));
    filters.add(filter("address-ip", vips.toArray(String[]::new)));
    if (vips.size() == 1) {
      // one address alone is a suffix match ("10.0.0.1" finds "10.0.0.100"); several are exact
      filters.add(filter("ip-exact-match", "TRUE"));
    }
    DescribeNetworkInterfacesRequest req = new DescribeNetworkInterfacesRequest();
    req.setFilters(filters.toArray(Filter[]::new));
    return describePaged(account, req, priority, Integer.MAX_VALUE);
  }

  /**
   * Pages with Offset/Limit (the API's Limit defaults to 20) until TotalCount or {@code expected}
   * ENIs are read, at most {@link #MAX_PAGES} pages.
   */
  private List<NetworkInterface> describePaged(CloudAccount account, DescribeNetworkInterfacesRequest req,
      CallPriority priority, int expected) throws CloudException {
    List<NetworkInterface> out = new ArrayList<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      req.setOffset((long) out.size());
      req.setLimit((long) PAGE);
      DescribeNetworkInterfacesResponse resp =
          requests.call(account, CloudActions.DESCRIBE, priority, Attempts.IGNORED, c -> c.DescribeNetworkInterfaces(req), null);
      NetworkInterface[] set = resp.getNetworkInterfaceSet();
      if (set == null || set.length == 0) {
        break;
      }
      out.addAll(List.of(set));
      long total = resp.getTotalCount() == null ? out.size() : resp.getTotalCount();
      if (out.size() >= total || out.size() >= expected) {
        break;
      }
    }
    return out;
  }

  private static Filter filter(String name, String... values) {
    Filter f = new Filter();
    f.setName(name);
    f.setValues(values);
    return f;
  }

  private static VipOwnership.Unknown unknown(CloudException e) {
    return new VipOwnership.Unknown(e.getMessage(), e.errorCode());
  }

  // ---- changes --------------------------------------------------------------------------------

  public TaskHandle migrate(CloudAccount account, String vip, String sourceEni, String destinationEni)
      throws CloudException {
    return migrate(account, vip, sourceEni, destinationEni, Attempts.IGNORED);
  }

  /**
   * Starts moving the VIP from one ENI to the other (asynchronous in the cloud). Never sends the
   * migration twice: if an attempt's answer was lost and the VIP is then seen migrating or on the
   * destination, returns {@link TaskHandle#alreadyUnderWay()} instead of re-sending.
   */
  public TaskHandle migrate(CloudAccount account, String vip, String sourceEni, String destinationEni, Attempts attempts)
      throws CloudException {
    MigratePrivateIpAddressRequest req = new MigratePrivateIpAddressRequest();
    req.setSourceNetworkInterfaceId(sourceEni);
    req.setDestinationNetworkInterfaceId(destinationEni);
    req.setPrivateIpAddress(vip);
    VipQuery pair = new VipQuery("migrate", null, vip, List.of(sourceEni, destinationEni));
    return requests.call(account, CloudActions.MIGRATE, CallPriority.URGENT, attempts,
        c -> new TaskHandle(c.MigratePrivateIpAddress(req).getRequestId()),
        () -> {
          VipOwnership now = Ownerships.fromMembers(pair, membersNow(account, pair));
          boolean underWay = now instanceof VipOwnership.Migrating
              || now instanceof VipOwnership.OwnedBy o && o.eni().equals(destinationEni);
          return underWay ? Optional.of(TaskHandle.alreadyUnderWay()) : Optional.empty();
        }, taskEnd(account, sourceEni, destinationEni));
  }

  public TaskHandle assign(CloudAccount account, String vip, String eni) throws CloudException {
    return assign(account, vip, eni, Attempts.IGNORED);
  }

  /** Starts placing an unassigned VIP on an ENI (asynchronous in the cloud). */
  public TaskHandle assign(CloudAccount account, String vip, String eni, Attempts attempts) throws CloudException {
    AssignPrivateIpAddressesRequest req = new AssignPrivateIpAddressesRequest();
    req.setNetworkInterfaceId(eni);
    req.setPrivateIpAddresses(new PrivateIpAddressSpecification[] {address(vip)});
    VipQuery one = new VipQuery("assign", null, vip, List.of(eni));
    return requests.call(account, CloudActions.ASSIGN, CallPriority.URGENT, attempts,
        c -> new TaskHandle(c.AssignPrivateIpAddresses(req).getRequestId()),
        () -> Ownerships.fromMembers(one, membersNow(account, one)) != null
            ? Optional.of(TaskHandle.alreadyUnderWay()) : Optional.empty(), taskEnd(account, eni));
  }

  public TaskHandle unassign(CloudAccount account, String vip, String eni) throws CloudException {
    return unassign(account, vip, eni, Attempts.IGNORED);
  }

  /** Starts releasing the VIP from the ENI that holds it (asynchronous in the cloud). */
  public TaskHandle unassign(CloudAccount account, String vip, String eni, Attempts attempts) throws CloudException {
    UnassignPrivateIpAddressesRequest req = new UnassignPrivateIpAddressesRequest();
    req.setNetworkInterfaceId(eni);
    req.setPrivateIpAddresses(new PrivateIpAddressSpecification[] {address(vip)});
    VipQuery one = new VipQuery("unassign", null, vip, List.of(eni));
    return requests.call(account, CloudActions.UNASSIGN, CallPriority.URGENT, attempts,
        c -> new TaskHandle(c.UnassignPrivateIpAddresses(req).getRequestId()),
        () -> Ownerships.fromMembers(one, membersNow(account, one)) instanceof VipOwnership.OwnedBy
            ? Optional.empty() : Optional.of(TaskHandle.alreadyUnderWay()), taskEnd(account, eni));
  }

  /** The state of a task started by one of the calls above. */
  public TaskState taskState(CloudAccount account, String taskId) throws CloudException {
    if (taskId == null || taskId.isBlank()) {
      throw new IllegalArgumentException("taskId is empty: a handle that is alreadyInProgress has no task; "
          + "follow it with observe()");
    }
    DescribeVpcTaskResultRequest req = new DescribeVpcTaskResultRequest();
    req.setTaskId(taskId);
    DescribeVpcTaskResultResponse resp;
    try {
      resp = requests.call(account, CloudActions.TASK_RESULT, CallPriority.URGENT, Attempts.IGNORED, c -> c.DescribeVpcTaskResult(req), null);
    } catch (CloudException e) {
      if (e.kind() == CloudException.Kind.NOT_FOUND) {
        return new TaskState.NotFound();
      }
      throw e;
    }
    String status = resp.getStatus() == null ? "" : resp.getStatus();
    return switch (status) {
      case "SUCCESS" -> new TaskState.Succeeded();
      case "RUNNING" -> new TaskState.Running();
      case "FAILED" -> new TaskState.Failed(resp.getOutput() == null ? "FAILED" : resp.getOutput());
      default -> throw new CloudException(CloudException.Kind.MALFORMED_RESPONSE, CloudActions.TASK_RESULT,
          "MalformedResponse", "unknown task Status '" + status + "'", resp.getRequestId(), null);
    };
  }

  private Map<String, NetworkInterface> membersNow(CloudAccount account, VipQuery query) throws CloudException {
    Map<String, NetworkInterface> out = new HashMap<>();
    for (NetworkInterface eni : describeByIds(account, query.memberEnis(), CallPriority.URGENT)) {
      out.put(eni.getNetworkInterfaceId(), eni);
    }
    return out;
  }

  private static PrivateIpAddressSpecification address(String vip) {
    PrivateIpAddressSpecification spec = new PrivateIpAddressSpecification();
    spec.setPrivateIpAddress(vip);
    return spec;
  }

  private static <E> List<List<E>> chunks(List<E> all, int size) {
    List<List<E>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }
}
