package io.vippair.agent.keepalived;

import java.util.List;
import java.util.Map;

/** Two instances with one VRID on one interface would fight over the same VRRP packets. */
public final class VridClash {
  private VridClash() {}

  /** Why s cannot be rendered beside the other pairs (candidates, then those rendered), or null. */
  public static String find(PairSettings s, Map<PairKey, PairSettings> base, Map<PairKey, PairSettings> candidates) {
    for (var others : List.of(candidates, base)) {
      for (PairSettings o : others.values()) {
        if (!o.key().equals(s.key()) && o.virtualRouterId() == s.virtualRouterId() && o.interfaceName().equals(s.interfaceName())) {
          return "spec.vrrp.virtualRouterId " + s.virtualRouterId() + " is already used on interface " + s.interfaceName()
              + " of this member by VipPair " + o.key() + "; give each pair on a VM its own virtualRouterId";
        }
      }
    }
    return null;
  }
}
