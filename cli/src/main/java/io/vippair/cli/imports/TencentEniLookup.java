package io.vippair.cli.imports;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;
import com.tencentcloudapi.vpc.v20170312.models.DescribeNetworkInterfacesRequest;
import com.tencentcloudapi.vpc.v20170312.models.Filter;
import com.tencentcloudapi.vpc.v20170312.models.NetworkInterface;
import com.tencentcloudapi.vpc.v20170312.models.PrivateIpAddressSpecification;
import java.util.ArrayList;
import java.util.List;

/**
 * ENIs by private IP through tencentcloud-sdk-java: DescribeNetworkInterfaces with the filters
 * address-ip and ip-exact-match (address-ip alone is a suffix match: 10.0.1.1 would also find
 * 10.0.1.11).
 */
public final class TencentEniLookup implements EniLookup {
  private final Credential credential;
  private final HttpProfile http;

  /**
   * @param endpoint "http://host:port" (the cloud emulator), "https://host" or a bare host such as
   *     vpc.tencentcloudapi.com
   */
  public TencentEniLookup(String endpoint, String secretId, String secretKey, String token) {
    this.credential = token == null ? new Credential(secretId, secretKey) : new Credential(secretId, secretKey, token);
    this.http = new HttpProfile();
    if (endpoint.startsWith("http://")) {
      http.setProtocol("http://");
      http.setEndpoint(endpoint.substring("http://".length()).replaceAll("/+$", ""));
    } else {
      http.setEndpoint(endpoint.replaceFirst("^https://", "").replaceAll("/+$", ""));
    }
    // the SDK's defaults are "no timeout": an unreachable endpoint would hang the import
    http.setConnTimeout(5);
    http.setReadTimeout(10);
    http.setWriteTimeout(10);
  }

  @Override
  public List<Eni> byPrivateIp(String region, String vpcId, String ip) {
    ClientProfile profile = new ClientProfile();
    profile.setHttpProfile(http);
    VpcClient vpc = new VpcClient(credential, region, profile);
    List<Filter> filters = new ArrayList<>();
    filters.add(filter("address-ip", ip));
    filters.add(filter("ip-exact-match", "TRUE"));
    if (vpcId != null) {
      filters.add(filter("vpc-id", vpcId));
    }
    DescribeNetworkInterfacesRequest req = new DescribeNetworkInterfacesRequest();
    req.setFilters(filters.toArray(Filter[]::new));
    req.setLimit(100L);
    try {
      List<Eni> found = new ArrayList<>();
      for (NetworkInterface n : vpc.DescribeNetworkInterfaces(req).getNetworkInterfaceSet()) {
        boolean primary = false;
        boolean lists = false;
        for (PrivateIpAddressSpecification p : n.getPrivateIpAddressSet() == null
            ? new PrivateIpAddressSpecification[0] : n.getPrivateIpAddressSet()) {
          if (ip.equals(p.getPrivateIpAddress())) {
            lists = true;
            primary = Boolean.TRUE.equals(p.getPrimary());
          }
        }
        if (lists) {
          found.add(new Eni(n.getNetworkInterfaceId(), n.getAttachment() == null ? null : n.getAttachment().getInstanceId(),
              n.getVpcId(), primary));
        }
      }
      return found;
    } catch (TencentCloudSDKException e) {
      String code = e.getErrorCode() == null || e.getErrorCode().isBlank() ? "no error code" : e.getErrorCode();
      throw new LookupFailed("DescribeNetworkInterfaces for " + ip + " in " + region + " failed (" + code + "): "
          + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("")));
    }
  }

  private static Filter filter(String name, String value) {
    Filter f = new Filter();
    f.setName(name);
    f.setValues(new String[] {value});
    return f;
  }
}
