package io.vippair.operator.cloud.tencent;

import java.util.List;

/**
 * One pair's question to the cloud: which ENI holds this VIP, given the pair's member ENIs.
 *
 * @param key the caller's name for the answer (for example "namespace/name")
 * @param vpcId the VPC of the pair; a VIP found on an ENI outside memberEnis is a conflict
 * @param vip the VIP address
 * @param memberEnis the two member ENI ids
 */
public record VipQuery(String key, String vpcId, String vip, List<String> memberEnis) {
  public VipQuery {
    memberEnis = List.copyOf(memberEnis);
  }
}
