package io.vippair.agent.health;

/**
 * The VipPair names a local check this VM does not define. It always fails, and says so: the agent
 * never guesses what the check was meant to be.
 */
public record MissingLocalCheck(String name) implements HealthCheck {
  @Override
  public CheckResult run() {
    return CheckResult.fail("spec.healthCheck.local names '" + name
        + "', which is not defined in this agent's localChecks; define it in agent.yaml or fix the VipPair");
  }

  @Override
  public String describe() {
    return "local check " + name + " (not defined)";
  }
}
