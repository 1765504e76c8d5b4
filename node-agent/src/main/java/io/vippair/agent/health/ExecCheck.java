package io.vippair.agent.health;

import io.vippair.agent.config.LocalCheck;
import io.vippair.agent.exec.CommandRunner;

/** Healthy when the VM's own command (agent.yaml localChecks) exits 0 within its timeout. */
public record ExecCheck(LocalCheck check, CommandRunner commands) implements HealthCheck {
  private static final int MAX_MESSAGE = 200;

  @Override
  public CheckResult run() {
    var result = commands.run(check.command(), check.timeout());
    if (result.ok()) {
      return CheckResult.pass(describe() + " exited 0");
    }
    String why = result.timedOut() ? "timed out after " + check.timeout().toSeconds() + " s" : "exited " + result.exitCode();
    String output = result.output().length() > MAX_MESSAGE ? result.output().substring(0, MAX_MESSAGE) + "..." : result.output();
    return CheckResult.fail(describe() + " " + why + (output.isEmpty() ? "" : ": " + output));
  }

  @Override
  public String describe() {
    return "local check " + check.name();
  }
}
