package io.vippair.operator.cloud.tencent;

/** Who holds a VIP, as the cloud says. */
public sealed interface VipOwnership {

  /** The VIP sits, settled (State AVAILABLE), on this member ENI. */
  record OwnedBy(String eni) implements VipOwnership {}

  /** The cloud is moving the VIP (State MIGRATING or PENDING); from/to may be null if unknown. */
  record Migrating(String fromEni, String toEni) implements VipOwnership {}

  /** No ENI in the VPC holds the VIP. */
  record Unassigned() implements VipOwnership {}

  /** An ENI that is not one of the pair's members holds the VIP: never take it from there. */
  record Conflict(String foreignEni) implements VipOwnership {}

  /** The cloud could not be asked or answered nonsense; the reason says which (no secrets). */
  record Unknown(String reason, String errorCode) implements VipOwnership {}
}
