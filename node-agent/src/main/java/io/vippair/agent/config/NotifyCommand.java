package io.vippair.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * A notify hook defined on the VM itself (agent.yaml {@code notifyHooks}), referenced by name from
 * a VipPair's {@code spec.notifyHooks}: as with {@link LocalCheck}, only the VM's administrator
 * decides what runs; a VipPair can only pick it by name.
 */
public record NotifyCommand(String name, List<String> command, Duration timeout) {
  public NotifyCommand {
    command = List.copyOf(command);
  }
}
