package io.vippair.cli;

import io.vippair.api.v1alpha1.Patterns;
import io.vippair.common.heartbeat.HeartbeatKeys;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code vippair heartbeat-key --member M --master-key-file F}: prints member M's heartbeat key,
 * derived from the operator's master key, for the VM's agent.yaml {@code heartbeat.keyFile}. The
 * VM gets only its own key: with it, it can speak for itself and for no other member.
 */
final class HeartbeatKeyCommand {
  private HeartbeatKeyCommand() {}

  static int run(Args a, PrintStream out) {
    if (a.has("--help")) {
      out.println("heartbeat-key --member M --master-key-file F: prints M's heartbeat key (64 hex digits) for its agent's"
          + " heartbeat.keyFile; redirect it into a file readable only by the agent");
      return 0;
    }
    String member = a.value("--member");
    String file = a.value("--master-key-file");
    if (member == null || !member.matches(Patterns.DNS_LABEL)) {
      throw new UsageError("heartbeat-key needs --member, the member's name in spec.members (a DNS label)");
    }
    if (file == null) {
      throw new UsageError("heartbeat-key needs --master-key-file, the file the operator's --heartbeat-key-file names");
    }
    byte[] master;
    try {
      master = HeartbeatKeys.readMasterKey(Path.of(file), "--master-key-file");
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    out.println(HeartbeatKeys.toText(HeartbeatKeys.derive(master, member)));
    return 0;
  }
}
