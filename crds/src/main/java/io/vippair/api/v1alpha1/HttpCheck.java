package io.vippair.api.v1alpha1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An HTTP GET check. */
public class HttpCheck extends UnknownFields {

  /** The port of the HTTP server on the member's own address. */
  @Required
  @Min(1)
  @Max(65535)
  private Integer port;

  /** The path to GET, starting with a slash; no spaces or quotes. */
  @Default("/")
  @Pattern("^/[A-Za-z0-9._~!$&()*+,;=:@%/-]{0,255}$")
  private String path = "/";

  public Integer getPort() { return port; }
  public void setPort(Integer port) { this.port = port; }
  public String getPath() { return path; }
  public void setPath(String path) { this.path = path; }
}
