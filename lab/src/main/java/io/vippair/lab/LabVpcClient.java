package io.vippair.lab;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.vpc.v20170312.VpcClient;

/** The real SDK's client, as the lab's own callers (the seed script, the bench) point it at the emulator. */
final class LabVpcClient {
  private LabVpcClient() {}

  /** @param endpoint the emulator's host:port, spoken to over plain HTTP */
  static VpcClient of(String endpoint, String secretId, String secretKey, String region) {
    HttpProfile http = new HttpProfile();
    http.setEndpoint(endpoint);
    http.setProtocol("http://");
    http.setConnTimeout(3);
    http.setReadTimeout(5);
    http.setWriteTimeout(5);
    ClientProfile profile = new ClientProfile();
    profile.setHttpProfile(http);
    return new VpcClient(new Credential(secretId, secretKey), region, profile);
  }
}
