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

  /**
   * Live keepalived processes in the namespace (the parent and its VRRP child). A killed keepalived
   * that an agent adopted is not the agent's child: it stays a zombie until whoever inherited it
   * reaps it, which on some machines takes seconds; a zombie does not run and does not count.
   */
  static List<Long> keepalived(String ns) {
    return pids(ns).stream().filter(pid -> "keepalived".equals(comm(pid)) && !zombie(pid)).toList();
  }

  static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true; // gone
    }
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
