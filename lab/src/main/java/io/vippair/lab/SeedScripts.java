package io.vippair.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The seed how-to's scripts on a lab CVM, in {@code <work>/etc/<cvm>/} instead of
 * /etc/keepalived: its notify_action.sh (paths changed, nothing else), a vip.py that runs
 * {@link SeedVip}, vip.py's settings (vip.conf: the VIP, both ENIs, the account's key, as vip.py's
 * lines 12-22 held them), and the agent.yaml that offers notify_action.sh as the notify hook
 * {@value #HOOK}. Every agent of the lab has the hook defined; only a VipPair that names it runs it.
 */
final class SeedScripts {
  static final String HOOK = "seed-notify";

  private SeedScripts() {}

  static Path dir(Path workDir, String cvm) {
    return workDir.resolve("etc").resolve(cvm);
  }

  /** Writes the scripts and the agent.yaml; returns the agent.yaml. */
  static Path install(Path workDir, String cvm) {
    Path dir = dir(workDir, cvm);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Files.createDirectories(dir);
      executable(dir.resolve("notify_action.sh"), """
          #!/bin/bash
          # the seed how-to's /etc/keepalived/notify_action.sh; only its paths differ
          dir=%1$s
          log_file=$dir/keepalived.log
          log_write()
          {
              echo "[`date '+%%Y-%%m-%%d %%T'`] $1" >> $log_file
          }

          case "$1" in
              "MASTER" )
                  echo -n "$1" > $dir/state
                  log_write " notify_master"
                  echo -n "0" > $dir/vip_check_failed_count
                  $dir/vip.py migrate &
                  ;;
              "BACKUP" | "FAULT" | "STOP" )
                  echo -n "$1" > $dir/state
                  log_write " notify_$(echo $1 | tr A-Z a-z)"
                  ;;
              *)
                  log_write "notify_action.sh: STATE ERROR!!!"
                  ;;
          esac
          """.formatted(dir));
      // vip.py wrote only to its log file; so does this one
      executable(dir.resolve("vip.py"), """
          #!/bin/sh
          exec %s -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -cp '%s' %s "$1" %s >> %s 2>&1
          """.formatted(java, System.getProperty("java.class.path"), SeedVip.class.getName(), dir.resolve("vip.conf"),
          dir.resolve("keepalived.log")));
      Path agentYaml = dir.resolve("agent.yaml");
      Files.writeString(agentYaml, """
          notifyHooks:
            %s:
              exec: [%s]
              timeoutSeconds: 10
          """.formatted(HOOK, dir.resolve("notify_action.sh")));
      return agentYaml;
    } catch (IOException e) {
      throw new LabException("cannot write the seed scripts of " + cvm + " under " + dir + ": " + e.getMessage(), e);
    }
  }

  /** vip.py's settings for the pair on this CVM: its ENI is "this", the peer's "that". */
  static void configure(Path workDir, Topology topology, String pair, String cvm, String endpoint, String secretId, String secretKey) {
    Topology.Pair p = topology.pair(pair);
    Path dir = dir(workDir, cvm);
    String conf = String.join("\n", List.of(
        "vip=" + p.vip(),
        "thisEni=" + topology.cvm(cvm).eniId(),
        "thatEni=" + topology.cvm(p.peerOf(cvm)).eniId(),
        "region=" + Lab.REGION,
        "endpoint=" + endpoint,
        "secretId=" + secretId,
        "secretKey=" + secretKey,
        "stateFile=" + dir.resolve("state"),
        "logFile=" + dir.resolve("keepalived.log"))) + "\n";
    try {
      Files.writeString(dir.resolve("vip.conf"), conf);
    } catch (IOException e) {
      throw new LabException("cannot write vip.conf for " + cvm + ": " + e.getMessage(), e);
    }
  }

  /** The lines vip.py and notify_action.sh have logged on the CVM so far. */
  static List<String> log(Path workDir, String cvm) {
    Path file = dir(workDir, cvm).resolve("keepalived.log");
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
