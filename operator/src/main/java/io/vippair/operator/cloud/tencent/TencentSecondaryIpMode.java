package io.vippair.operator.cloud.tencent;

import io.micrometer.core.instrument.MeterRegistry;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.operator.cloud.CallPriority;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudException;
import io.vippair.operator.cloud.CloudPort;
import io.vippair.operator.cloud.Placement;
import io.vippair.operator.cloud.TaskHandle;
import io.vippair.operator.cloud.TaskState;
import io.vippair.operator.failover.CloudView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Tencent ENI-secondary-IP mode behind the mode-neutral {@link CloudPort}: the VIP is a
 * secondary private IP of the master's ENI and moves with MigratePrivateIpAddress. Here, and only
 * here, members become ENIs and the cloud's answer ({@link VipOwnership}, {@link EniFacts})
 * becomes member terms ({@link CloudView}) and spec problems ({@link EniChecks}).
 */
public final class TencentSecondaryIpMode implements CloudPort {
  private final TencentCloudPort api;

  public TencentSecondaryIpMode(TencentCloudPort api) {
    this.api = api;
  }

  public static TencentSecondaryIpMode create(CloudPortSettings settings, MeterRegistry registry) {
    return new TencentSecondaryIpMode(new TencentCloudPort(settings, registry));
  }

  /** The VPC API underneath (tests and the benchmark reach it). */
  public TencentCloudPort api() {
    return api;
  }

  @Override
  public Map<String, Placement> observe(CloudAccount account, List<VipPair> pairs, CallPriority priority) {
    List<VipQuery> queries = pairs.stream().map(TencentSecondaryIpMode::query).toList();
    CloudObservation answer = api.observe(account, queries, priority);
    Map<String, Placement> out = new HashMap<>();
    for (VipPair pair : pairs) {
      String key = CloudPort.key(pair);
      VipOwnership ownership = answer.ownership().getOrDefault(key,
          new VipOwnership.Unknown("the cloud's answer did not mention this pair", "MissingAnswer"));
      // ENI facts are only meaningful when the cloud answered for this pair
      var problem = ownership instanceof VipOwnership.Unknown ? null : EniChecks.check(pair.getSpec(), answer.enis());
      out.put(key, new Placement(inMemberTerms(ownership, pair.getSpec()), problem));
    }
    return out;
  }

  @Override
  public TaskHandle place(CloudAccount account, VipPair pair, String to, String from, Attempts attempts)
      throws CloudException {
    String vip = pair.getSpec().getVip().getAddress();
    return from == null
        ? api.assign(account, vip, eni(pair, to), attempts)
        : api.migrate(account, vip, eni(pair, from), eni(pair, to), attempts);
  }

  @Override
  public TaskHandle release(CloudAccount account, VipPair pair, String from, Attempts attempts) throws CloudException {
    return api.unassign(account, pair.getSpec().getVip().getAddress(), eni(pair, from), attempts);
  }

  @Override
  public TaskState follow(CloudAccount account, VipPair pair, String taskId) throws CloudException {
    return api.taskState(account, taskId);
  }

  static VipQuery query(VipPair pair) {
    var spec = pair.getSpec();
    return new VipQuery(CloudPort.key(pair), spec.getCloud().getVpcId(), spec.getVip().getAddress(),
        spec.getMembers().stream().map(Member::getNetworkInterfaceId).toList());
  }

  /** The one translation from ENI ids to member names. */
  static CloudView inMemberTerms(VipOwnership ownership, VipPairSpec spec) {
    if (ownership instanceof VipOwnership.OwnedBy owned) {
      Member m = spec.memberByEni(owned.eni());
      return m != null ? new CloudView.OwnedBy(m.getName()) : new CloudView.Conflict(owned.eni());
    }
    if (ownership instanceof VipOwnership.Migrating migrating) {
      return new CloudView.Migrating(memberName(spec, migrating.fromEni()), memberName(spec, migrating.toEni()));
    }
    if (ownership instanceof VipOwnership.Unassigned) {
      return new CloudView.Unassigned();
    }
    if (ownership instanceof VipOwnership.Conflict conflict) {
      return new CloudView.Conflict(conflict.foreignEni());
    }
    VipOwnership.Unknown unknown = (VipOwnership.Unknown) ownership;
    return new CloudView.Unknown(unknown.reason(), unknown.errorCode());
  }

  private static String memberName(VipPairSpec spec, String eni) {
    Member m = eni == null ? null : spec.memberByEni(eni);
    return m == null ? null : m.getName();
  }

  private static String eni(VipPair pair, String member) {
    Member m = pair.getSpec().member(member);
    if (m == null) {
      throw new IllegalStateException("the decision named member " + member + ", which is not in the spec");
    }
    return m.getNetworkInterfaceId();
  }
}
