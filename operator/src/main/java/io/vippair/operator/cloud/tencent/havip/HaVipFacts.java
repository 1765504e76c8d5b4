package io.vippair.operator.cloud.tencent.havip;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * One HAVIP as DescribeHaVips shows it, with the fields the vpc 3.1.667 model lacks.
 *
 * @param networkInterfaceId the ENI it is bound to now (learned from gratuitous ARP), or null
 * @param instanceId the instance of that ENI, or null
 * @param addressIp the EIP on it, or null
 * @param state AVAILABLE (bound) or UNBIND
 * @param flushedTime when the binding last moved ("0000-00-00 00:00:00": never), UTC+8 as Tencent writes it
 * @param driftScope the instances allowed to claim it (HaVipAssociationSet); empty: any in its subnet
 */
public record HaVipFacts(String haVipId, String name, String vip, String vpcId, String subnetId,
    String networkInterfaceId, String instanceId, String addressIp, String state, String flushedTime,
    List<HaVipMember> driftScope, boolean checkAssociate) {

  public HaVipFacts {
    driftScope = List.copyOf(driftScope);
  }

  private static final DateTimeFormatter TENCENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /** Tencent writes times in Beijing time without a zone. */
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  public boolean bound() {
    return networkInterfaceId != null;
  }

  /** When the binding last moved, to the second; empty when it never did or the text is not a time. */
  public Optional<Instant> flushedAt() {
    if (flushedTime == null || flushedTime.startsWith("0000-")) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(flushedTime, TENCENT_TIME).toInstant(BEIJING));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
