package io.vippair.operator.controller;

import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.operator.cloud.VipOwnership;
import io.vippair.operator.failover.CloudView;

/** Translates the cloud's answer (ENI ids) into the decision's terms (member names). */
final class CloudViews {
  private CloudViews() {}

  static CloudView of(VipOwnership ownership, VipPairSpec spec) {
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
    if (eni == null) {
      return null;
    }
    Member m = spec.memberByEni(eni);
    return m == null ? null : m.getName();
  }
}
