package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** What the pair should be: its VIP, its two members, and how failover behaves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.members.all(m, self.members.exists_one(o, o.name == m.name))",
    message = "spec.members: member names must be distinct; give each VM its own name")
@ValidationRule(
    value = "self.members.all(m, self.members.exists_one(o, o.networkInterfaceId == m.networkInterfaceId))",
    message = "spec.members: networkInterfaceId must differ between the two members; each VM has its own ENI")
@ValidationRule(
    value = "self.members.all(m, self.members.exists_one(o, o.privateIp == m.privateIp))",
    message = "spec.members: privateIp must differ between the two members")
@ValidationRule(
    value = "!self.members.exists(m, m.privateIp == self.vip.address)",
    message = "spec.vip.address must not be a member's privateIp: the VIP is a secondary IP that moves between the members")
@ValidationRule(
    value = "self.failover.policy != 'Preferred' || (has(self.failover.preferredMember) && self.members.exists(m, m.name == self.failover.preferredMember))",
    message = "spec.failover.preferredMember is required with policy Preferred and must be the name of one of spec.members")
@ValidationRule(
    value = "self.failover.policy == 'Preferred' || (!has(self.failover.preferredMember) && !has(self.failover.preemptDelaySeconds))",
    message = "spec.failover.preferredMember and preemptDelaySeconds apply only to policy Preferred; remove them or set policy: Preferred")
@ValidationRule(
    value = "!has(self.notifyHooks) || self.notifyHooks.all(h, self.notifyHooks.exists_one(o, o.hook == h.hook))",
    message = "spec.notifyHooks: name each hook once (one entry lists all the states and members it runs on)")
@ValidationRule(
    value = "!has(self.notifyHooks) || self.notifyHooks.all(h, !has(h.members) || h.members.all(n, self.members.exists(m, m.name == n)))",
    message = "spec.notifyHooks[].members: each must be the name of one of spec.members")
@ValidationRule(
    value = "!has(self.switchover) || self.members.exists(m, m.name == self.switchover.to)",
    message = "spec.switchover.to must be the name of one of spec.members")
@ValidationRule(
    value = "!has(self.switchover) || !has(self.switchover.mode) || self.switchover.mode != 'MakeBeforeBreak'"
        + " || !has(self.cloud.mode) || self.cloud.mode != 'HaVip'",
    message = "spec.switchover.mode MakeBeforeBreak needs spec.cloud.mode Eni: with an HAVIP, gratuitous ARP and not the cloud API"
        + " decides where the VIP's traffic goes; use BreakBeforeMake")
public class VipPairSpec extends UnknownFields {

  /** Where the pair lives in Tencent Cloud and which credentials the operator uses for it. */
  @Required
  private CloudSpec cloud;

  /** The virtual IP: a secondary private IP that the cloud routes to the current master's ENI. */
  @Required
  private VipSpec vip;

  /** How the master is chosen and what happens when both members claim it. */
  @Required
  private FailoverSpec failover;

  /** VRRP settings shared by both members' keepalived instances. */
  @Required
  private VrrpSpec vrrp;

  /**
   * The service check each member's agent runs; a failing check makes that member give up the
   * VIP. Exactly one of tcp, http or local. Without it, only keepalived's own liveness counts.
   */
  private HealthCheckSpec healthCheck;

  /** The two VMs of the pair, in no particular order. */
  @Required
  @Size(min = 2, max = 2)
  private List<Member> members = new ArrayList<>();

  /**
   * What happens to the VIP when this VipPair is deleted: Retain leaves it on the ENI that holds
   * it, Release unassigns it from the cloud.
   */
  @Default("Retain")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  /**
   * true: the operator makes no cloud change for this pair (no migrate, assign or release) and
   * sets no fence (one in place is lifted), but still decides and reports what it would do: the
   * condition Paused and a ChangeWithheld event name the change it withholds. The agents go on
   * running keepalived and reporting, and the operator goes on probing (a probe changes nothing).
   * Use it to leave a pair alone during maintenance, or to watch vippair beside the scripts it
   * replaces before a cut-over. false or absent: the operator acts; it acts on the state it finds
   * at once when this is set back.
   */
  private Boolean paused;

  /**
   * Commands the members' agents run on this pair's VRRP transitions, each named here and defined
   * in the agent's agent.yaml on the VM (notifyHooks): keepalived's notify scripts, run by the
   * agent with a timeout, never delaying its report. For example the scripts a pair ran before
   * vippair, while spec.paused lets vippair watch beside them.
   */
  @Size(max = 4)
  private List<NotifyHook> notifyHooks;

  /** Why the pair is paused, for the people who find it so; shown in the Paused condition. */
  @Size(max = 256)
  private String pauseReason;

  /**
   * A planned switchover: the operator tells the current master to step down so that VRRP hands
   * over to this member at once, moves the VIP with reason PlannedSwitchover and lifts what it
   * set; status.switchover records the outcome. A new nonce is a new request. With policy
   * Preferred, the target stands in for preferredMember for as long as this request stays here
   * (remove it to give the VIP back to preferredMember after its preempt delay).
   */
  private SwitchoverRequest switchover;

  public CloudSpec getCloud() { return cloud; }
  public void setCloud(CloudSpec cloud) { this.cloud = cloud; }
  public VipSpec getVip() { return vip; }
  public void setVip(VipSpec vip) { this.vip = vip; }
  public FailoverSpec getFailover() { return failover; }
  public void setFailover(FailoverSpec failover) { this.failover = failover; }
  public VrrpSpec getVrrp() { return vrrp; }
  public void setVrrp(VrrpSpec vrrp) { this.vrrp = vrrp; }
  public HealthCheckSpec getHealthCheck() { return healthCheck; }
  public void setHealthCheck(HealthCheckSpec healthCheck) { this.healthCheck = healthCheck; }
  public List<Member> getMembers() { return members; }
  public void setMembers(List<Member> members) { this.members = members; }
  public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
  public List<NotifyHook> getNotifyHooks() { return notifyHooks; }
  public void setNotifyHooks(List<NotifyHook> notifyHooks) { this.notifyHooks = notifyHooks; }
  public Boolean getPaused() { return paused; }
  public void setPaused(Boolean paused) { this.paused = paused; }
  public String getPauseReason() { return pauseReason; }
  public void setPauseReason(String pauseReason) { this.pauseReason = pauseReason; }

  public SwitchoverRequest getSwitchover() { return switchover; }
  public void setSwitchover(SwitchoverRequest switchover) { this.switchover = switchover; }

  /** Whether the operator must make no cloud change for this pair (spec.paused is true). */
  public boolean pauseRequested() {
    return Boolean.TRUE.equals(paused);
  }

  /** The member with this name, or null. */
  public Member member(String name) {
    return members.stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
  }

  /** The other member of the pair, or null when name is not a member. */
  public Member peerOf(String name) {
    if (member(name) == null) {
      return null;
    }
    return members.stream().filter(m -> !m.getName().equals(name)).findFirst().orElse(null);
  }

  /** The member whose ENI has this id, or null. */
  public Member memberByEni(String networkInterfaceId) {
    return members.stream()
        .filter(m -> m.getNetworkInterfaceId().equals(networkInterfaceId))
        .findFirst()
        .orElse(null);
  }
}
