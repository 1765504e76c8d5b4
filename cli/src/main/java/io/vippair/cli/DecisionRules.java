package io.vippair.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of docs/operator-decision.md, read from the copy of that page built into the jar (so
 * the text is the page's), and which rules each reason the operator publishes comes from. The
 * operator does not publish rule numbers; {@link #RULES_OF_REASON} is the mapping, and
 * DecisionRulesTest checks it against the page: every reason the page lists is mapped, and
 * every rule row that names a reason is among that reason's rules.
 */
public final class DecisionRules {
  static final String RESOURCE = "/META-INF/vippair/docs/operator-decision.md";
  private static final Pattern ROW = Pattern.compile("^\\| (\\d+[a-z]?|H\\d+) \\| (.*?) \\| (.*?) \\| (.*?) \\|$", Pattern.MULTILINE);

  /** One numbered row of the page's rule table. */
  public record Rule(String number, String situation, String action, String shows) {}

  /** Reasons (condition, failover and event reasons) to the rules they come from; empty: a finding, not a decision. */
  static final Map<String, List<String>> RULES_OF_REASON = Map.ofEntries(
      // Ready
      Map.entry("VipFollowsMaster", List.of("18")),
      Map.entry("NoMaster", List.of("16")),
      Map.entry("MasterUnhealthy", List.of("17")),
      Map.entry("AwaitingProbe", List.of("12", "13")),
      Map.entry("OwnerUnconfirmed", List.of("14a")),
      Map.entry("RedundancyLost", List.of("23")),
      Map.entry("ReconcileError", List.of()), // the round itself failed: no decision was made
      // DuplicateVip (a guard before the decision: the younger of two pairs naming one VIP makes no change)
      Map.entry("VipClaimedByOlderPair", List.of("5")),
      Map.entry("VipAlsoClaimedByNewerPair", List.of()),
      Map.entry("Deleting", List.of("1", "2", "3", "4")),
      // spec problems the schema cannot see (SpecChecks)
      Map.entry("EniNotFound", List.of("5")),
      Map.entry("EniNotInVpc", List.of("5")),
      Map.entry("EniNotOnInstance", List.of("5")),
      Map.entry("EnisInDifferentSubnets", List.of("5")),
      Map.entry("VrrpIdClash", List.of("5")),
      // CloudSynced
      Map.entry("InSync", List.of("18")),
      Map.entry("Held", List.of("15", "16", "17", "26b")),
      Map.entry("MigrationInFlight", List.of("7", "22")),
      Map.entry("NotObservedYet", List.of()),
      Map.entry("CloudMigrating", List.of("21")),
      Map.entry("NotAssigned", List.of("16")),
      Map.entry("CloudConflict", List.of("11")),
      Map.entry("CloudUnreachable", List.of("4", "10")),
      Map.entry("CloudError", List.of("10", "22")),
      // AgentsReporting and ConfigApplied are findings that set the phase, not decisions
      Map.entry("AgentsReporting", List.of()),
      Map.entry("AgentMissing", List.of()),
      Map.entry("AgentSilent", List.of()),
      Map.entry("ConfigApplied", List.of()),
      Map.entry("ConfigPending", List.of()),
      Map.entry("ConfigRejected", List.of()),
      // SplitBrain
      Map.entry("NoSplitBrain", List.of()),
      Map.entry("Probing", List.of("12", "13", "14a")),
      Map.entry("BothMaster", List.of("15")),
      // why the VIP moved
      Map.entry("GracefulHandover", List.of("19")),
      Map.entry("MasterSilent", List.of("14", "14b", "19")),
      Map.entry("GoodbyeHandover", List.of("16a")),
      Map.entry("FollowMaster", List.of("19")),
      Map.entry("FirstPlacement", List.of("20")),
      Map.entry("DeletionRelease", List.of("2")),
      // events
      Map.entry("Failover", List.of("6")),
      Map.entry("Assigned", List.of("20")),
      Map.entry("Released", List.of("2")),
      Map.entry("SplitBrain", List.of("15")),
      Map.entry("Fenced", List.of("15")),
      Map.entry("FenceLifted", List.of("15", "26", "26b", "27")),
      Map.entry("MigrationFailed", List.of("8")),
      Map.entry("MigrationLost", List.of("8")),
      Map.entry("MigrationTimedOut", List.of("8")),
      Map.entry("MigrationAbandoned", List.of("9")),
      Map.entry("VipLeftAlone", List.of("3")),
      // Paused (rule 24: the pair is paused; ChangeWithheld names the change it would make)
      Map.entry("Paused", List.of("24", "25", "26", "26b")),
      Map.entry("ChangeWithheld", List.of("24")),
      // a planned switchover (rules 25-27: status.switchover.reason, the Switchover condition, the events)
      Map.entry("PlannedSwitchover", List.of("19", "26", "26b", "27")),
      Map.entry("SwitchoverInProgress", List.of("25", "26", "26b")),
      Map.entry("SwitchoverStarted", List.of("25", "26", "26b")),
      Map.entry("SwitchoverSucceeded", List.of("27")),
      Map.entry("SwitchoverRefused", List.of("25")),
      Map.entry("SwitchoverFailed", List.of("26", "26b")),
      Map.entry("AlreadyThere", List.of("25")),
      Map.entry("TargetNotAMember", List.of("25")),
      Map.entry("TargetSilent", List.of("25", "26", "26b")),
      Map.entry("TargetFenced", List.of("25", "26", "26b")),
      Map.entry("TargetUnhealthy", List.of("25", "26", "26b")),
      Map.entry("SourceSilent", List.of("25")),
      Map.entry("ChangeInFlight", List.of("25")),
      Map.entry("NotSettled", List.of("25", "26b")),
      Map.entry("TimedOut", List.of("26", "26b")),
      Map.entry("Withdrawn", List.of("26", "26b")),
      Map.entry("Superseded", List.of("26", "26b")),
      Map.entry("MakeBeforeBreakUnsupported", List.of("25")),
      Map.entry("TargetNotReady", List.of("26b")),
      Map.entry("CloudMoveFailed", List.of("26b")),
      // mode HaVip (rules H1-H4)
      Map.entry("HaVipBindingLags", List.of("H3")),
      Map.entry("AnnounceRequested", List.of("H2")),
      Map.entry("HaVipLeftAlone", List.of("H4")));

  /** Rules in the page's order: by number, 14a after 14, the HAVIP mode's H1, H2... after all numbered ones. */
  private static final java.util.Comparator<String> ORDER = java.util.Comparator
      .comparing((String n) -> n.startsWith("H"))
      .thenComparing((String n) -> Integer.parseInt(n.replaceAll("[a-zH]", ""))).thenComparing(n -> n);

  private final Map<String, Rule> rules;

  DecisionRules(String markdown) {
    Map<String, Rule> parsed = new TreeMap<>(ORDER);
    Matcher m = ROW.matcher(markdown);
    while (m.find()) {
      String n = m.group(1);
      parsed.put(n, new Rule(n, plain(m.group(2)), plain(m.group(3)), plain(m.group(4))));
    }
    this.rules = parsed;
  }

  /** The rules of the page built into this jar. */
  public static DecisionRules shipped() {
    try (InputStream in = DecisionRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("docs/operator-decision.md is not in the jar at " + RESOURCE);
      }
      return new DecisionRules(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  public static java.util.Comparator<String> order() {
    return ORDER;
  }

  public Map<String, Rule> all() {
    return rules;
  }

  public Rule rule(String number) {
    return rules.get(number);
  }

  /** The rules behind a reason; an unknown reason on a Ready=False condition with phase Error is a spec problem (rule 5). */
  public static List<String> rulesOf(String reason) {
    return reason == null ? List.of() : RULES_OF_REASON.getOrDefault(reason, List.of());
  }

  public static boolean known(String reason) {
    return RULES_OF_REASON.containsKey(reason);
  }

  private static String plain(String cell) {
    return cell.replace("**", "").replace("`", "").trim();
  }
}
