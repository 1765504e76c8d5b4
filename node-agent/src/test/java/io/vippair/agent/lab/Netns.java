package io.vippair.agent.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Network namespaces and veth links for root tests, named vpag-* so they cannot clash with others'. */
public final class Netns {
  private Netns() {}

  /** Whether this machine lets us create network namespaces (root and a working `ip netns`). */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "needs root to create network namespaces (CI runs it as root)";
    }
    String probe = "vpag-probe-" + ProcessHandle.current().pid();
    try {
      sh("ip", "netns", "add", probe);
      sh("ip", "netns", "del", probe);
      return null;
    } catch (RuntimeException e) {
      return "`ip netns add` does not work here: " + e.getMessage();
    }
  }

  /** Runs a command, failing with its output when it exits non-zero. */
  public static String sh(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs a command inside namespace ns. */
  public static String in(String ns, String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(Arrays.asList(command));
    return sh(full.toArray(String[]::new));
  }

  /** Best effort: kills whatever runs in ns, then deletes it. */
  public static void destroy(String ns) {
    try {
      for (String pid : sh("ip", "netns", "pids", ns).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (RuntimeException e) {
      // not there
    }
    try {
      sh("ip", "netns", "del", ns);
    } catch (RuntimeException e) {
      // not there
    }
  }

  /** Best effort: deletes a root-namespace link (and with it its veth peer). */
  public static void deleteLink(String name) {
    try {
      sh("ip", "link", "del", name);
    } catch (RuntimeException e) {
      // not there
    }
  }
}
