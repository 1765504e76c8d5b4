package io.vippair.operator.cloud.tencent;

import java.util.Map;

/**
 * One batched look at the cloud.
 *
 * @param ownership who holds each queried VIP, keyed by {@link VipQuery#key()}
 * @param enis what the cloud says about each member ENI it knows, keyed by ENI id
 */
public record CloudObservation(Map<String, VipOwnership> ownership, Map<String, EniFacts> enis) {
  public CloudObservation {
    ownership = Map.copyOf(ownership);
    enis = Map.copyOf(enis);
  }
}
