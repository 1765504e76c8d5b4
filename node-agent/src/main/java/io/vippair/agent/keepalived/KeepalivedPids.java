package io.vippair.agent.keepalived;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** keepalived's three pid files in the run directory, and the live processes they name. */
public record KeepalivedPids(Path mainFile, Path vrrpFile, Path checkersFile) {
  private static final Logger log = LoggerFactory.getLogger(KeepalivedPids.class);

  public static KeepalivedPids in(Path runDir) {
    return new KeepalivedPids(runDir.resolve("keepalived.pid"), runDir.resolve("keepalived-vrrp.pid"),
        runDir.resolve("keepalived-checkers.pid"));
  }

  /** The live keepalived main process named by the pid file. */
  public Optional<ProcessHandle> main() {
    return processFrom(mainFile);
  }

  /** Kills keepalived processes left behind (e.g. a VRRP child that outlived its parent) and removes the files. */
  public void killStale() {
    for (Path file : new Path[] {vrrpFile, checkersFile, mainFile}) {
      processFrom(file).ifPresent(p -> {
        log.warn("killing stale keepalived process {} from {}", p.pid(), file);
        p.destroyForcibly();
        p.onExit().orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> p).join();
      });
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("cannot remove {}: {}", file, e.getMessage());
      }
    }
  }

  /**
   * Whether p runs. A zombie counts as dead: an adopted keepalived is not our child, and when
   * whoever inherited it does not reap it, Java still calls it alive.
   */
  public static boolean alive(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      int end = stat.lastIndexOf(')');
      char state = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * p's argv from /proc/PID/cmdline, which anyone may read. (ProcessHandle.info() needs
   * /proc/PID/exe, which another container's process does not show us.)
   */
  public static Optional<List<String>> commandLine(ProcessHandle p) {
    try {
      String raw = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      List<String> argv = List.of(raw.split("\0"));
      return raw.isEmpty() ? Optional.empty() : Optional.of(argv);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<ProcessHandle> processFrom(Path pidFile) {
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid)
          .filter(KeepalivedPids::alive)
          .filter(p -> commandLine(p).map(c -> c.get(0).endsWith("keepalived")).orElse(false));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
