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
                            List<EniDoc> networkInterfaces) {

    public StateDocument {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        vpcs = vpcs == null ? List.of() : List.copyOf(vpcs);
        subnets = subnets == null ? List.of() : List.copyOf(subnets);
        networkInterfaces = networkInterfaces == null ? List.of() : List.copyOf(networkInterfaces);
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
}
