package io.vippair.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A TCP connect check. */
public class TcpCheck extends UnknownFields {

  /** The port to connect to on the member's own address. */
  @Required
  @Min(1)
  @Max(65535)
  private Integer port;

  public TcpCheck() {}

  public TcpCheck(int port) {
    this.port = port;
  }

  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
}
