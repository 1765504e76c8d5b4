package io.vippair.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Finds and signals processes by the network namespace they run in (keepalived is started by the agent, not by us). */
final class NetnsProcesses {
  private NetnsProcesses() {}

  static List<Long> pids(String ns) {
    Cmd.Result r = Cmd.tryRun("ip", "netns", "pids", ns);
    if (!r.ok()) {
      return List.of();
    }
    return Arrays.stream(r.stdout().split("\\s+")).filter(s -> !s.isBlank()).map(Long::parseLong).toList();
  }

  /** keepalived processes in the namespace (the parent and its VRRP child). */
  static List<Long> keepalived(String ns) {
    return pids(ns).stream().filter(pid -> "keepalived".equals(comm(pid))).toList();
  }

  static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  static void signal(long pid, String signal) {
    Cmd.tryRun("kill", "-" + signal, Long.toString(pid));
  }
}
