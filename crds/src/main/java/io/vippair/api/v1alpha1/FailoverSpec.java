package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How the master is chosen and how a split brain is handled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverSpec extends UnknownFields {

  /** Default preempt delay when policy is Preferred and preemptDelaySeconds is not set. */
  public static final int DEFAULT_PREEMPT_DELAY_SECONDS = 30;

  /**
   * Equal: both members have the same priority and a recovered member does not take the VIP back
   * (recommended). Preferred: preferredMember takes the VIP back after preemptDelaySeconds.
   */
  @Default("Equal")
  private FailoverPolicy policy = FailoverPolicy.Equal;

  /** With policy Preferred: the member that holds the VIP whenever it is healthy. */
  @Pattern(Patterns.DNS_LABEL)
  private String preferredMember;

  /**
   * With policy Preferred: how long the preferred member must be back before it takes the VIP
   * again, so that a short blip does not cause two switchovers. Defaults to 30.
   */
  @Min(0)
  @Max(1000)
  private Integer preemptDelaySeconds;

  /**
   * What the operator does when both members are alive and both claim MASTER: Hold keeps the VIP
   * where the cloud has it and reports SplitBrain; FenceNonOwner also tells the member that does
   * not hold the VIP to step down until the split brain is over.
   */
  @Default("Hold")
  private SplitBrainPolicy splitBrainPolicy = SplitBrainPolicy.Hold;

  public FailoverPolicy getPolicy() { return policy; }
  public void setPolicy(FailoverPolicy policy) { this.policy = policy; }
  public String getPreferredMember() { return preferredMember; }
  public void setPreferredMember(String preferredMember) { this.preferredMember = preferredMember; }
  public Integer getPreemptDelaySeconds() { return preemptDelaySeconds; }
  public void setPreemptDelaySeconds(Integer preemptDelaySeconds) { this.preemptDelaySeconds = preemptDelaySeconds; }
  public SplitBrainPolicy getSplitBrainPolicy() { return splitBrainPolicy; }
  public void setSplitBrainPolicy(SplitBrainPolicy splitBrainPolicy) { this.splitBrainPolicy = splitBrainPolicy; }

  /** preemptDelaySeconds, or its default when unset. */
  public int effectivePreemptDelaySeconds() {
    return preemptDelaySeconds != null ? preemptDelaySeconds : DEFAULT_PREEMPT_DELAY_SECONDS;
  }
}
