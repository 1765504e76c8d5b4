package io.vippair.cli.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * track_script to healthCheck: the seed's check_self.sh (or anything calling vip.py) checks the
 * VIP in the cloud, which the operator now does, so it is dropped; a service check becomes
 * healthCheck.local with keepalived's timing, and the agent.yaml entry it needs is spelled out.
 */
final class HealthCheckMapping {
  private HealthCheckMapping() {}

  /** healthCheck.local and its timing. */
  record Check(String name, Integer interval, Integer timeout, Integer fall, Integer rise) {}

  /** The pair's service check, or null when its track scripts check only the VIP (or there are none). */
  static Check map(VrrpInstance a, SeedVm vmA, VrrpInstance b, SeedVm vmB, List<String> notes) {
    Map<String, SeedVm.VrrpScript> services = new LinkedHashMap<>();
    for (int side = 0; side < (b == null ? 1 : 2); side++) {
      VrrpInstance i = side == 0 ? a : b;
      SeedVm vm = side == 0 ? vmA : vmB;
      for (String t : i.trackScripts()) {
        SeedVm.VrrpScript s = vm.scripts().get(t);
        if (s == null) {
          notes.add("not mapped: track_script " + t + " on " + vm.name() + ": no vrrp_script " + t + " is defined");
        } else if (s.isVipSelfCheck()) {
          if (side == 0 || !a.trackScripts().contains(t)) {
            notes.add("not mapped: track_script " + t + " (" + s.command() + ") checks in the cloud every "
                + (s.interval() == null ? 1 : s.interval()) + " s that this VM holds the VIP and migrates it; the operator now watches the cloud for all pairs");
          }
        } else {
          SeedVm.VrrpScript seen = services.putIfAbsent(t, s);
          if (seen != null && !seen.command().equals(s.command())) {
            notes.add("check: vrrp_script " + t + " runs '" + seen.command() + "' on " + vmA.name() + " and '" + s.command() + "' on " + vm.name());
          }
        }
      }
    }
    if (services.isEmpty()) {
      return null;
    }
    var it = services.values().iterator();
    SeedVm.VrrpScript s = it.next();
    it.forEachRemaining(o -> notes.add("not mapped: track_script " + o.name() + ": a VipPair has one health check; it carries " + s.name()));
    String local = PairMapper.memberName(s.name(), null);
    int interval = clamp(s.interval() == null ? 1 : s.interval(), 1, 300);
    int timeout = clamp(s.timeout() == null ? interval : s.timeout(), 1, Math.min(60, interval));
    notes.add("check: healthCheck.local " + local + " needs this in agent.yaml on both VMs: localChecks: {" + local + ": {exec: ["
        + String.join(", ", s.command().trim().split("\\s+")) + "], timeoutSeconds: " + timeout + "}}");
    if (s.weight() != null && s.weight() != 0) {
      notes.add("not mapped: vrrp_script " + s.name() + " weight " + s.weight()
          + ": in vippair a failing check makes the member give up the VIP, it does not shift priority");
    }
    return new Check(local, interval, timeout, clamp(s.fall() == null ? 1 : s.fall(), 1, 20), clamp(s.rise() == null ? 1 : s.rise(), 1, 20));
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
