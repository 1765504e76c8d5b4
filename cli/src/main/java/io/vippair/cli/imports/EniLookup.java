package io.vippair.cli.imports;

import java.util.List;

/** The cloud, as import needs it: which ENIs list a private IP. */
public interface EniLookup {

  /** An ENI that lists the IP; primary says whether the IP is that ENI's primary private IP. */
  record Eni(String id, String instanceId, String vpcId, boolean primary) {}

  /**
   * The ENIs in region (and vpcId, when not null) whose private IPs include ip exactly.
   *
   * @throws LookupFailed when the cloud cannot be asked or refuses; its message names the cloud's error code
   */
  List<Eni> byPrivateIp(String region, String vpcId, String ip);

  /** The cloud could not answer; the message is safe to print (no credentials). */
  final class LookupFailed extends RuntimeException {
    public LookupFailed(String message) {
      super(message);
    }
  }
}
