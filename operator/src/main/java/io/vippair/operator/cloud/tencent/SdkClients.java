package io.vippair.operator.cloud.tencent;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import io.vippair.operator.cloud.CloudCredentials;
import java.time.Duration;

/**
 * How every Tencent SDK client of the operator is set up (the typed VPC client and the generic one
 * for what its model lacks): one place for the endpoint, the timeouts and the credentials.
 */
public final class SdkClients {
  private SdkClients() {}

  /**
   * The profile must be complete before the client is built: the SDK builds its HTTP client in the
   * constructor. It has no read timeout unless one is set.
   */
  public static ClientProfile profile(String host, String protocol, Duration connect, Duration read, Duration write) {
    HttpProfile http = new HttpProfile();
    http.setEndpoint(host);
    http.setProtocol(protocol);
    http.setConnTimeout(seconds(connect));
    http.setReadTimeout(seconds(read));
    http.setWriteTimeout(seconds(write));
    ClientProfile profile = new ClientProfile();
    profile.setHttpProfile(http);
    return profile;
  }

  public static Credential credential(CloudCredentials c) {
    return c.token() == null
        ? new Credential(c.secretId(), c.secretKey())
        : new Credential(c.secretId(), c.secretKey(), c.token());
  }

  /** The SDK takes whole seconds; a sub-second setting rounds up rather than to "no timeout". */
  private static int seconds(Duration d) {
    return (int) Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
