package io.vippair.agent.hooks;

import io.vippair.agent.config.NotifyCommand;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.NotifyHook;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VrrpRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notify hooks one pair runs on this member: the VipPair's {@code spec.notifyHooks} that name
 * this member (or no member), resolved against the agent's own {@code notifyHooks}. Names the agent
 * does not define are kept apart: they never run, and the pair's report says so.
 *
 * @param hooks in the order of the VipPair
 * @param missing names the VipPair gives that this agent does not define
 */
public record HookPlan(PairKey pair, String vip, List<Hook> hooks, List<String> missing) {

  /** One hook of the pair and the states it runs on. */
  public record Hook(NotifyCommand command, NotifyHook spec) {}

  public HookPlan {
    hooks = List.copyOf(hooks);
    missing = List.copyOf(missing);
  }

  /** The plan for this member, or null when the pair has no hook for it. */
  public static HookPlan of(PairKey key, VipPair pair, String member, Map<String, NotifyCommand> defined) {
    List<NotifyHook> refs = pair.getSpec() == null ? null : pair.getSpec().getNotifyHooks();
    if (refs == null || refs.isEmpty()) {
      return null;
    }
    List<Hook> hooks = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (NotifyHook ref : refs) {
      if (ref.getHook() == null || (ref.getMembers() != null && !ref.getMembers().contains(member))) {
        continue;
      }
      NotifyCommand command = defined.get(ref.getHook());
      if (command == null) {
        missing.add(ref.getHook());
      } else {
        hooks.add(new Hook(command, ref));
      }
    }
    if (hooks.isEmpty() && missing.isEmpty()) {
      return null;
    }
    String vip = pair.getSpec().getVip() == null ? "" : pair.getSpec().getVip().getAddress();
    return new HookPlan(key, vip, hooks, missing);
  }

  /** The hooks to run, in order, when this member's instance enters state. */
  public List<NotifyCommand> on(String member, VrrpRole state) {
    return hooks.stream().filter(h -> h.spec().runsOn(member, state)).map(Hook::command).toList();
  }

  /** What the report says about hooks that cannot run, or null. */
  public String missingMessage() {
    if (missing.isEmpty()) {
      return null;
    }
    return "spec.notifyHooks names " + String.join(", ", missing.stream().map(n -> "'" + n + "'").toList())
        + ", not defined in this agent's notifyHooks; define " + (missing.size() == 1 ? "it" : "them")
        + " in agent.yaml or fix the VipPair";
  }

  /** The arguments appended to a hook's command: the new state first, as keepalived's notify_* lines gave it. */
  public List<String> arguments(VrrpRole state) {
    return List.of(state.name(), pair.namespace() + "/" + pair.name(), vip);
  }

  /** The variables a hook finds in its environment. */
  public Map<String, String> environment(String member, VrrpRole state) {
    return Map.of("VIPPAIR_STATE", state.name(), "VIPPAIR_PAIR", pair.namespace() + "/" + pair.name(),
        "VIPPAIR_NAMESPACE", pair.namespace(), "VIPPAIR_NAME", pair.name(), "VIPPAIR_VIP", vip, "VIPPAIR_MEMBER", member,
        "VIPPAIR_INSTANCE", pair.instanceName());
  }
}
