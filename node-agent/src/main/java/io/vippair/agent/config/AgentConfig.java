package io.vippair.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent is configured with, already validated.
 *
 * @param member null only with --member-from-node, until the agent has read its node
 * @param kubeconfig null means in-cluster or ~/.kube/config (fabric8's usual lookup)
 * @param namespaces empty means every namespace
 * @param metricsPort 0 turns the metrics endpoint off
 */
public record AgentConfig(
    String member,
    Path kubeconfig,
    List<String> namespaces,
    String leaseNamespace,
    Path keepalivedBinary,
    KeepalivedMode keepalivedMode,
    Path keepalivedConfig,
    String keepalivedService,
    Path runDir,
    String metricsAddress,
    int metricsPort,
    Map<String, LocalCheck> localChecks) {

  public AgentConfig {
    namespaces = List.copyOf(namespaces);
    localChecks = Map.copyOf(localChecks);
  }

  /** The same settings with the member found at start (--member-from-node). */
  public AgentConfig withMember(String found) {
    return new AgentConfig(found, kubeconfig, namespaces, leaseNamespace, keepalivedBinary, keepalivedMode, keepalivedConfig,
        keepalivedService, runDir, metricsAddress, metricsPort, localChecks);
  }

  /** The keepalived notify FIFO the agent reads transitions from. */
  public Path notifyFifo() {
    return runDir.resolve("notify.fifo");
  }

  /** Directory of the per-pair track files (health and fence). */
  public Path trackDir() {
    return runDir.resolve("track");
  }
}
