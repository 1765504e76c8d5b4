package io.vippair.lab;

import io.vippair.common.heartbeat.HeartbeatKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The heartbeat channel as a user sets it up (docs/agent.md, "Heartbeat"): one master key for the
 * operator replicas, each CVM's agent with only its own derived key, sending to every replica. The
 * replicas run side by side on the host, so each listens on its own port (op-N on BASE_PORT + N);
 * the CVMs reach them on the host's end of the lab network, as they reach the API server.
 */
final class LabHeartbeats {
  static final int BASE_PORT = 17470;

  private final Path dir;
  private final Path masterKey;
  private final int replicas;

  private LabHeartbeats(Path dir, int replicas) {
    this.dir = dir;
    this.masterKey = dir.resolve("master.key");
    this.replicas = replicas;
  }

  /** A fresh master key under workDir/heartbeat. */
  static LabHeartbeats create(Path workDir, int replicas) {
    LabHeartbeats h = new LabHeartbeats(workDir.resolve("heartbeat"), replicas);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Files.createDirectories(h.dir);
      Files.writeString(h.masterKey, Base64.getEncoder().encodeToString(key) + "\n");
    } catch (IOException e) {
      throw new LabException("cannot write the heartbeat key under " + h.dir + ": " + e.getMessage(), e);
    }
    return h;
  }

  /** The operator replica's heartbeat flags; identities are op-1, op-2, ... */
  List<String> operatorArgs(String identity) {
    return List.of("--heartbeat-key-file", masterKey.toString(), "--heartbeat-port", Integer.toString(port(identity)));
  }

  private static int port(String identity) {
    return BASE_PORT + Integer.parseInt(identity.substring(identity.lastIndexOf('-') + 1));
  }

  /** Writes the CVM's key and adds the heartbeat section to its agent.yaml. */
  void configureAgent(Path agentYaml, String cvm) {
    Path key = dir.resolve(cvm + ".key");
    List<String> targets = new ArrayList<>();
    for (int i = 1; i <= replicas; i++) {
      targets.add(Topology.HOST_IP + ":" + (BASE_PORT + i));
    }
    try {
      byte[] master = HeartbeatKeys.readMasterKey(masterKey, "lab heartbeat key");
      Files.writeString(key, HeartbeatKeys.toText(HeartbeatKeys.derive(master, cvm)) + "\n");
      Files.writeString(agentYaml, Files.readString(agentYaml) + """
          heartbeat:
            targets: [%s]
            keyFile: %s
            intervalMs: 100
          """.formatted(String.join(", ", targets), key), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabException("cannot configure the heartbeat of " + cvm + ": " + e.getMessage(), e);
    }
  }
}
