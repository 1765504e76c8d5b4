package io.vippair.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Refuses to start a lab that cannot work here, saying what to install or change. */
final class Preflight {
  /** Commands the lab runs, and the Debian package that provides each. */
  static final Map<String, String> TOOLS = new LinkedHashMap<>();

  static {
    TOOLS.put("ip", "iproute2");
    TOOLS.put("keepalived", "keepalived");
    TOOLS.put("ping", "iputils-ping");
  }

  private Preflight() {}

  /** Problems found, empty when the lab can run. */
  static List<String> problems() {
    var problems = new ArrayList<String>();
    if (!isRoot()) {
      problems.add("run it as root: the lab creates network namespaces");
    }
    var missing = new ArrayList<String>();
    TOOLS.forEach((tool, pkg) -> {
      if (which(tool) == null) {
        missing.add(pkg);
        problems.add(tool + " is not installed (Debian/Ubuntu package " + pkg + ")");
      }
    });
    if (!missing.isEmpty()) {
      problems.add("install what is missing with: apt-get install -y " + String.join(" ", missing));
    }
    return problems;
  }

  static void check() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new LabSetupException("the lab cannot run here: " + String.join("; ", problems));
    }
  }

  /** For `down`, which needs only the rights to remove namespaces and processes. */
  static void checkRoot() {
    if (!isRoot()) {
      throw new LabSetupException("run it as root: removing the lab's network namespaces needs it");
    }
  }

  static boolean isRoot() {
    return "0".equals(Cmd.tryRun("id", "-u").stdout().strip());
  }

  static Path which(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool);
      }
    }
    return null;
  }
}
