package io.vippair.cli.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One VM's seed-era files, as the how-to lays them out in /etc/keepalived: keepalived.conf and,
 * when present, vip.py, check_self.sh and notify_action.sh next to it.
 */
public record SeedVm(String name, Path dir, List<VrrpInstance> instances, Map<String, VrrpScript> scripts,
    VipPySettings vipPy, String checkSelfVip, String notifyScript, List<String> notes) {

  /** A vrrp_script block: the command and its timing (null where keepalived's default applies). */
  public record VrrpScript(String name, String command, Integer interval, Integer fall, Integer rise, Integer timeout, Integer weight) {
    /** The seed's check_self.sh (or anything calling vip.py) checks the VIP in the cloud, not a service. */
    public boolean isVipSelfCheck() {
      return command.contains("check_self") || command.contains("vip.py");
    }
  }

  /**
   * Reads the VM whose keepalived.conf is conf. Its name is its directory's name, or the file's
   * own name for a file not called keepalived.conf (cvm-a.conf is VM cvm-a).
   */
  public static SeedVm read(Path conf) throws IOException {
    Path dir = conf.toAbsolutePath().getParent();
    String file = conf.getFileName().toString();
    String name = !file.equals("keepalived.conf") ? file.replaceFirst("\\.conf$", "")
        : dir.getFileName() == null ? "vm" : dir.getFileName().toString();
    List<String> notes = new ArrayList<>();
    List<KeepalivedConf.Node> nodes;
    try {
      nodes = KeepalivedConf.parse(Files.readString(conf));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(conf + ": " + e.getMessage());
    }
    List<VrrpInstance> instances = new ArrayList<>();
    Map<String, VrrpScript> scripts = new java.util.LinkedHashMap<>();
    for (KeepalivedConf.Node n : nodes) {
      switch (n.keyword()) {
        case "vrrp_instance" -> instances.add(VrrpInstance.of(name, n));
        case "vrrp_script" -> {
          KeepalivedConf.Node script = n.first("script");
          scripts.put(n.arg(0), new VrrpScript(n.arg(0), script == null ? "" : String.join(" ", script.args()),
              number(n, "interval"), number(n, "fall"), number(n, "rise"), number(n, "timeout"), number(n, "weight")));
        }
        case "include" -> notes.add(name + ": 'include " + String.join(" ", n.args())
            + "' in keepalived.conf is not followed: pass the included file's instances in their own keepalived.conf");
        case "vrrp_sync_group" -> notes.add(name + ": vrrp_sync_group " + n.arg(0)
            + " not mapped: each VipPair fails over on its own");
        default -> { }
      }
    }
    Path vipPy = dir.resolve("vip.py");
    VipPySettings settings = Files.isRegularFile(vipPy) ? VipPySettings.parse(Files.readString(vipPy)) : null;
    Path checkSelf = dir.resolve("check_self.sh");
    String checkVip = null;
    if (Files.isRegularFile(checkSelf)) {
      Matcher m = Pattern.compile("^vip=([0-9.]+)", Pattern.MULTILINE).matcher(Files.readString(checkSelf));
      checkVip = m.find() ? m.group(1) : null;
    }
    Path notify = dir.resolve("notify_action.sh");
    return new SeedVm(name, dir, List.copyOf(instances), scripts, settings, checkVip,
        Files.isRegularFile(notify) ? Files.readString(notify) : null, notes);
  }

  private static Integer number(KeepalivedConf.Node n, String kw) {
    KeepalivedConf.Node c = n.first(kw);
    try {
      return c == null || c.arg(0) == null ? null : Integer.valueOf(c.arg(0));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
