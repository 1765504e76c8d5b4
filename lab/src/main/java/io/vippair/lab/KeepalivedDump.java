package io.vippair.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived's own account of its VRRP instances, independent of the agent: SIGUSR1 makes
 * keepalived 2.2.7 write {@code keepalived.data} in its temporary directory ({@code $TMPDIR} of
 * its environment, else {@code /tmp}; in its own mount namespace, read here through
 * {@code /proc/PID/root}) with each instance's state and the time of its last transition.
 * The same main pid and the same last transition before and after an event prove that keepalived
 * changed no state, whatever the agent reported. The directory may be shared by every keepalived on
 * the machine, so dumps are taken one at a time and the file is checked to be this CVM's.
 */
final class KeepalivedDump {
  /** What keepalived says about one instance, keyed by its virtual router id. */
  record Instance(String name, int vrid, String state, String lastTransition) {}

  /** One keepalived at one moment: its main pid and its instances. */
  record Snapshot(long mainPid, Map<Integer, Instance> byVrid) {}

  private static final Pattern INSTANCE = Pattern.compile("^ VRRP Instance = (\\S+)");
  private static final Pattern FIELD = Pattern.compile("^\\s+(State|Last transition|Virtual Router ID|Using src_ip) = (.*)$");

  private KeepalivedDump() {}

  /** Parses keepalived.data (only the fields used here); pure. */
  static Map<Integer, Instance> parse(String data) {
    Map<Integer, Instance> out = new LinkedHashMap<>();
    String name = null;
    String state = null;
    String last = null;
    for (String line : data.split("\n")) {
      Matcher im = INSTANCE.matcher(line);
      if (im.find()) {
        name = im.group(1);
        state = null;
        last = null;
        continue;
      }
      Matcher fm = FIELD.matcher(line);
      if (name == null || !fm.find()) {
        continue;
      }
      switch (fm.group(1)) {
        case "State" -> state = state == null ? fm.group(2).strip() : state;
        case "Last transition" -> last = fm.group(2).strip().split(" ")[0];
        case "Virtual Router ID" -> {
          int vrid = Integer.parseInt(fm.group(2).strip());
          out.put(vrid, new Instance(name, vrid, state, last));
        }
        default -> { }
      }
    }
    return out;
  }

  /** The file was written by the keepalived of the CVM with this source IP (every instance sends from it). */
  static boolean fromCvm(String data, String cvmIp) {
    return data.contains("Using src_ip = " + cvmIp + " ");
  }

  /** Dumps and reads the state of the CVM's keepalived; empty when none runs or it does not answer in time. */
  static synchronized Optional<Snapshot> take(String ns, String cvmIp) {
    List<Long> pids = NetnsProcesses.keepalived(ns);
    if (pids.isEmpty()) {
      return Optional.empty();
    }
    long main = pids.stream().min(Long::compare).orElseThrow();
    Path file = Path.of("/proc", Long.toString(main), "root").resolve(tmpDir(main).substring(1)).resolve("keepalived.data");
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant asked = Instant.now().minusMillis(5);
      NetnsProcesses.signal(main, "USR1");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
      while (Instant.now().isBefore(deadline)) {
        try {
          FileTime modified = Files.getLastModifiedTime(file);
          if (!modified.toInstant().isBefore(asked)) {
            Thread.sleep(30); // keepalived writes the file in pieces
            String data = Files.readString(file);
            if (fromCvm(data, cvmIp)) {
              return Optional.of(new Snapshot(main, parse(data)));
            }
            break; // another CVM's keepalived wrote it meanwhile: ask again
          }
        } catch (IOException e) {
          // not written yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
        sleepQuietly(20);
      }
    }
    return Optional.empty();
  }

  /** keepalived writes its dumps to $TMPDIR when it is set (an absolute path), else to /tmp. */
  static String tmpDir(long pid) {
    try {
      String env = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), java.nio.charset.StandardCharsets.UTF_8);
      return tmpDirFrom(env);
    } catch (IOException e) {
      return "/tmp";
    }
  }

  /** From a NUL-separated environment block; pure. */
  static String tmpDirFrom(String environ) {
    for (String var : environ.split("\0")) {
      if (var.startsWith("TMPDIR=/") && var.length() > "TMPDIR=/".length()) {
        return var.substring("TMPDIR=".length());
      }
    }
    return "/tmp";
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How many of the given instances keepalived itself says changed state between two snapshots:
   * a different main pid (keepalived restarted) counts every instance, a different last
   * transition counts that instance. A missing snapshot counts every instance (nothing proves
   * otherwise).
   */
  static long changed(Optional<Snapshot> before, Optional<Snapshot> after, List<Integer> vrids) {
    if (before.isEmpty() || after.isEmpty() || before.get().mainPid() != after.get().mainPid()) {
      return vrids.size();
    }
    long n = 0;
    for (int vrid : vrids) {
      Instance b = before.get().byVrid().get(vrid);
      Instance a = after.get().byVrid().get(vrid);
      if (b == null || a == null || !java.util.Objects.equals(b.lastTransition(), a.lastTransition())) {
        n++;
      }
    }
    return n;
  }
}
