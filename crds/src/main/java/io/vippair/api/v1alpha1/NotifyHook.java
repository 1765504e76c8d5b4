package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A command the members' agents run when this pair's keepalived instance changes state. The
 * VipPair only names the hook; the command is defined in each VM's agent.yaml ({@code notifyHooks}),
 * so whoever may edit VipPairs cannot run commands on the VMs, and each VM may define the name its
 * own way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.states) || self.states.all(s, self.states.exists_one(o, o == s))",
    message = "spec.notifyHooks[].states: name each state once")
@ValidationRule(
    value = "!has(self.members) || self.members.all(m, self.members.exists_one(o, o == m))",
    message = "spec.notifyHooks[].members: name each member once")
public class NotifyHook extends UnknownFields {

  /** The name of a hook in the agent's notifyHooks (agent.yaml on the VM). */
  @Required
  @Pattern(Patterns.DNS_LABEL)
  private String hook;

  /** The states that run it; absent means MASTER, BACKUP and FAULT. */
  @Size(min = 1, max = 3)
  private List<NotifyState> states;

  /** The members whose agents run it; absent means both. */
  @Size(min = 1, max = 2)
  private List<String> members;

  public NotifyHook() {}

  public NotifyHook(String hook) {
    this.hook = hook;
  }

  public String getHook() { return hook; }
  public void setHook(String hook) { this.hook = hook; }
  public List<NotifyState> getStates() { return states; }
  public void setStates(List<NotifyState> states) { this.states = states; }
  public List<String> getMembers() { return members; }
  public void setMembers(List<String> members) { this.members = members; }

  /** Whether the agent of member runs this hook when its instance enters state. */
  public boolean runsOn(String member, VrrpRole state) {
    boolean stateMatches = states == null ? state == VrrpRole.MASTER || state == VrrpRole.BACKUP || state == VrrpRole.FAULT
        : states.stream().anyMatch(s -> s.name().equals(state.name()));
    return stateMatches && (members == null || members.contains(member));
  }
}
