package io.vippair.lab;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario measured.
 *
 * @param outage the longest run of lost pings to the pair's VIP around the event
 * @param ownershipChanges how often the cloud moved the pair's VIP during the scenario
 * @param migrateRequests MigratePrivateIpAddress requests the cloud received (all pairs, any outcome)
 * @param vippairMillis new master's report to the cloud's receipt of the migration, or -1
 * @param vrrpTransitions VRRP state changes of the pair's instances during the scenario ({@link VrrpTransitions})
 * @param convergedMillis from the scenario's event to every pair Ready and agreeing, or -1 when that never happened
 * @param facts other measured values, by name, for the printout
 */
record ScenarioResult(String name, String pair, Duration outage, long ownershipChanges, long migrateRequests,
    long vippairMillis, long vrrpTransitions, long convergedMillis, Map<String, Object> facts, String timeline) {

  ScenarioResult {
    facts = new LinkedHashMap<>(facts);
  }

  String render() {
    var sb = new StringBuilder();
    sb.append("=== scenario ").append(name).append(" (pair ").append(pair).append(")\n");
    sb.append(timeline);
    sb.append(String.format("  ping outage: %d ms; VIP moved %d time(s); MigratePrivateIpAddress requests: %d; report -> cloud call: %s%n",
        outage.toMillis(), ownershipChanges, migrateRequests, vippairMillis < 0 ? "n/a" : vippairMillis + " ms"));
    sb.append(String.format("  VRRP transitions: %d; all pairs converged: %s%n", vrrpTransitions,
        convergedMillis < 0 ? "NO" : convergedMillis + " ms after the event"));
    facts.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
    return sb.toString();
  }
}
