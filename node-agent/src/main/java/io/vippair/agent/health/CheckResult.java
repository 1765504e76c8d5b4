package io.vippair.agent.health;

/** The outcome of one health check run; message says what failed. */
public record CheckResult(boolean passed, String message) {
  public static CheckResult pass(String message) {
    return new CheckResult(true, message);
  }

  public static CheckResult fail(String message) {
    return new CheckResult(false, message);
  }
}
