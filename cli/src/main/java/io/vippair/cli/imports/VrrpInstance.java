package io.vippair.cli.imports;

import io.vippair.cli.imports.KeepalivedConf.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One vrrp_instance of one VM's keepalived.conf, with what vippair can use from it. */
public record VrrpInstance(
    String vm, String name, String state, String iface, Integer virtualRouterId, Integer priority,
    boolean nopreempt, Integer preemptDelay, Double advertInt, String authType, boolean authPass,
    String unicastSrcIp, List<String> unicastPeers, List<String> vips, List<String> trackScripts,
    List<String> trackInterfaces, List<String> notifyScripts, List<String> unmapped, int line) {

  /** Keywords that carry something the mapper uses or explains on its own. */
  private static final Set<String> KNOWN = Set.of("state", "interface", "virtual_router_id", "priority", "nopreempt",
      "preempt_delay", "advert_int", "authentication", "unicast_src_ip", "unicast_peer", "virtual_ipaddress",
      "track_script", "track_interface", "notify_master", "notify_backup", "notify_fault", "notify_stop", "notify");

  public static VrrpInstance of(String vm, Node n) {
    List<String> notify = new ArrayList<>();
    List<String> unmapped = new ArrayList<>();
    for (Node c : n.children() == null ? List.<Node>of() : n.children()) {
      if (c.keyword().startsWith("notify")) {
        notify.add(c.keyword() + " " + String.join(" ", c.args()));
      } else if (!KNOWN.contains(c.keyword())) {
        unmapped.add(c.keyword() + (c.args().isEmpty() ? "" : " " + String.join(" ", c.args())));
      }
    }
    Node auth = n.first("authentication");
    return new VrrpInstance(vm, n.arg(0), word(n, "state"), word(n, "interface"), integer(n, "virtual_router_id"),
        integer(n, "priority"), n.first("nopreempt") != null, integer(n, "preempt_delay"), decimal(n, "advert_int"),
        auth == null || auth.first("auth_type") == null ? null : auth.first("auth_type").arg(0),
        auth != null && auth.first("auth_pass") != null,
        word(n, "unicast_src_ip"), listed(n, "unicast_peer"), vips(n), listed(n, "track_script"), listed(n, "track_interface"),
        List.copyOf(notify), List.copyOf(unmapped), n.line());
  }

  private static String word(Node n, String kw) {
    Node c = n.first(kw);
    return c == null ? null : c.arg(0);
  }

  private static Integer integer(Node n, String kw) {
    String w = word(n, kw);
    try {
      return w == null ? null : Integer.valueOf(w);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Double decimal(Node n, String kw) {
    String w = word(n, kw);
    try {
      return w == null ? null : Double.valueOf(w);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The keywords of a block's lines (unicast_peer's addresses, track_script's names). */
  private static List<String> listed(Node n, String kw) {
    Node c = n.first(kw);
    return c == null || c.children() == null ? List.of() : c.children().stream().map(Node::keyword).toList();
  }

  /** virtual_ipaddress lines look like "10.0.1.100", "10.0.1.100/24 dev eth0 label eth0:1": keep the address. */
  private static List<String> vips(Node n) {
    return listed(n, "virtual_ipaddress").stream().map(a -> a.contains("/") ? a.substring(0, a.indexOf('/')) : a).toList();
  }

  /** keepalived clears nopreempt on an instance that starts as MASTER (it warns and preempts). */
  public boolean effectivelyNopreempt() {
    return nopreempt && !"MASTER".equalsIgnoreCase(state);
  }

  public String where() {
    return vm + " " + name + " (keepalived.conf line " + line + ")";
  }
}
