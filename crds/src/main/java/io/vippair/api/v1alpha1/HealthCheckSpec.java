package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The service check each member's agent runs against its own VM. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "[has(self.tcp), has(self.http), has(self.local)].filter(x, x).size() == 1",
    message = "spec.healthCheck needs exactly one of tcp, http or local")
@ValidationRule(
    value = "self.timeoutSeconds <= self.intervalSeconds",
    message = "spec.healthCheck.timeoutSeconds must not exceed intervalSeconds")
public class HealthCheckSpec extends UnknownFields {

  /** Healthy when a TCP connection to this port on the member's own address succeeds. */
  private TcpCheck tcp;

  /** Healthy when an HTTP GET on the member's own address answers with a 2xx or 3xx status. */
  private HttpCheck http;

  /**
   * The name of a check defined in the agent's configuration on the VM (for example an exec
   * check). A VipPair can only name such a check, never define a command.
   */
  @Pattern(Patterns.DNS_LABEL)
  private String local;

  /** Seconds between two checks. */
  @Default("2")
  @Min(1)
  @Max(300)
  private Integer intervalSeconds = 2;

  /** Seconds one check may take before it counts as failed. */
  @Default("1")
  @Min(1)
  @Max(60)
  private Integer timeoutSeconds = 1;

  /** Consecutive failures that make a healthy member unhealthy. */
  @Default("3")
  @Min(1)
  @Max(20)
  private Integer fall = 3;

  /** Consecutive successes that make an unhealthy member healthy again. */
  @Default("2")
  @Min(1)
  @Max(20)
  private Integer rise = 2;

  public TcpCheck getTcp() { return tcp; }
  public void setTcp(TcpCheck tcp) { this.tcp = tcp; }
  public HttpCheck getHttp() { return http; }
  public void setHttp(HttpCheck http) { this.http = http; }
  public String getLocal() { return local; }
  public void setLocal(String local) { this.local = local; }
  public Integer getIntervalSeconds() { return intervalSeconds; }
  public void setIntervalSeconds(Integer intervalSeconds) { this.intervalSeconds = intervalSeconds; }
  public Integer getTimeoutSeconds() { return timeoutSeconds; }
  public void setTimeoutSeconds(Integer timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
  public Integer getFall() { return fall; }
  public void setFall(Integer fall) { this.fall = fall; }
  public Integer getRise() { return rise; }
  public void setRise(Integer rise) { this.rise = rise; }
}
