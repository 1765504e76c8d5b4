package io.vippair.agent.health;

/** One kind of service check (TCP, HTTP, exec). Runs on a health thread; must honour its timeout. */
public interface HealthCheck {
  CheckResult run();

  /** What is checked, for messages: "tcp 10.0.1.17:3306". */
  String describe();
}
