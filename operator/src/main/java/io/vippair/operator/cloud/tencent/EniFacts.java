package io.vippair.operator.cloud.tencent;

/**
 * What the cloud says about one ENI; the operator checks the spec against it (same VPC, same
 * subnet, attached to the stated instance) before it changes anything.
 *
 * @param instanceId the attached instance, or null when detached
 */
public record EniFacts(String eniId, String vpcId, String subnetId, String instanceId, String primaryIp) {}
