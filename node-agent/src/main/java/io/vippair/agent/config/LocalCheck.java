package io.vippair.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * A health check defined on the VM itself (agent.yaml {@code localChecks}), referenced by name from
 * a VipPair's {@code healthCheck.local}. Only the VM's administrator can make the agent run a
 * command; whoever edits VipPairs can only pick one of these by name.
 */
public record LocalCheck(String name, List<String> command, Duration timeout) {
  public LocalCheck {
    command = List.copyOf(command);
  }
}
