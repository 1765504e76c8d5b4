package io.vippair.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The shape of the state file and of the admin API's POST /seed and GET /state (YAML or JSON).
 * In-flight tasks are not part of it: an IP is recorded on the ENI that lists it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateDocument(List<AccountDoc> accounts, List<VpcDoc> vpcs, List<SubnetDoc> subnets,
                            List<EniDoc> networkInterfaces, List<HaVipDoc> haVips, List<AddressDoc> addresses) {

    public StateDocument(List<AccountDoc> accounts, List<VpcDoc> vpcs, List<SubnetDoc> subnets, List<EniDoc> networkInterfaces) {
        this(accounts, vpcs, subnets, networkInterfaces, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public StateDocument {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        vpcs = vpcs == null ? List.of() : List.copyOf(vpcs);
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        networkInterfaces = networkInterfaces == null ? List.of() : List.copyOf(networkInterfaces);
        haVips = haVips == null ? List.of() : List.copyOf(haVips);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** {@code secretKey} is left out when the document is shown over the admin API. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccountDoc(String secretId, String secretKey, String token) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VpcDoc(String vpcId, String region, String cidr) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubnetDoc(String subnetId, String vpcId, String cidr, String zone) {}

    /**
     * @param primary     primary ENI of its instance (default: the instance's first ENI)
     * @param ipStates    read-only, shown by GET /state for IPs that are not AVAILABLE; ignored when seeding
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EniDoc(String networkInterfaceId, String subnetId, String instanceId, String primaryIp,
                         List<String> secondaryIps, Boolean primary, String macAddress, String name,
                         Map<String, String> ipStates) {}

    /**
     * An HAVIP. {@code networkInterfaceId}: where it is bound (absent: UNBIND; the instance is the ENI's);
     * {@code addressIp}: an EIP of {@code addresses} bound to it; {@code associations}: the drift scope.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HaVipDoc(String haVipId, String haVipName, String subnetId, String vip, String networkInterfaceId,
                           String addressIp, List<AssociationDoc> associations, String flushedTime) {}

    /** @param instanceType ENI or CVM (default: CVM for ins-..., else ENI) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AssociationDoc(String instanceId, String instanceType) {}

    /** An elastic public IP (EIP) that can be bound to an HAVIP. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AddressDoc(String addressId, String addressIp, String region) {}
}
