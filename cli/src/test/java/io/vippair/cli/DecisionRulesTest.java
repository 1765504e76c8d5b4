package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 'vippair why' maps reasons to the rules of docs/operator-decision.md; this keeps the mapping and
 * the page in step: every reason the page names is mapped, every mapped rule exists, and every
 * rule row that names a reason is among that reason's rules.
 */
class DecisionRulesTest {
  static final Path PAGE = Path.of(System.getProperty("vippair.repo.root", ".."), "docs", "operator-decision.md");

  @Test
  void theJarCarriesThePageAsItIs() throws IOException {
    DecisionRules shipped = DecisionRules.shipped();
    DecisionRules page = new DecisionRules(Files.readString(PAGE));
    assertThat(shipped.all()).isEqualTo(page.all());
    assertThat(page.all()).hasSizeGreaterThanOrEqualTo(21);
    assertThat(page.rule("7").situation()).startsWith("A change is in flight and still running");
  }

  @Test
  void everyReasonThePageNamesIsMapped() throws IOException {
    String text = Files.readString(PAGE);
    Set<String> named = new LinkedHashSet<>();
    // the Reason column of the conditions table and the reason table
    Matcher cell = Pattern.compile("(?m)^\\| (?:\\*\\*\\w+\\*\\*)? ?\\|? ?(?:True|False|Unknown)? ?\\|? ?`([A-Z][A-Za-z]+)`").matcher(text);
    while (cell.find()) {
      named.add(cell.group(1));
    }
    Matcher events = Pattern.compile("Events: (.*?)\\.\\s", Pattern.DOTALL).matcher(text);
    assertThat(events.find()).as("the page lists the events").isTrue();
    Matcher word = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(events.group(1));
    while (word.find()) {
      named.add(word.group(1));
    }
    assertThat(named).as("reasons found on the page").hasSizeGreaterThan(25).contains("VipFollowsMaster", "BothMaster", "GracefulHandover", "VipLeftAlone");
    assertThat(DecisionRules.RULES_OF_REASON.keySet()).containsAll(named);
  }

  /** A row that names a reason to say it is not its own: rule 23 "a silent agent is AgentSilent". */
  static final Set<String> NAMED_BUT_NOT_THEIRS = Set.of("23 AgentSilent");

  @Test
  void everyMappedRuleExistsAndEveryRowNamingAReasonIsAmongItsRules() throws IOException {
    DecisionRules page = new DecisionRules(Files.readString(PAGE));
    assertThat(page.rule("14a")).as("rules with a letter are read too").isNotNull();
    assertThat(List.copyOf(page.all().keySet()).indexOf("14a")).isEqualTo(List.copyOf(page.all().keySet()).indexOf("14") + 1);
    for (Map.Entry<String, List<String>> e : DecisionRules.RULES_OF_REASON.entrySet()) {
      for (String n : e.getValue()) {
        assertThat(page.rule(n)).as("rule %s of %s", n, e.getKey()).isNotNull();
      }
      for (DecisionRules.Rule r : page.all().values()) {
        String row = r.situation() + " " + r.action() + " " + r.shows();
        if (Pattern.compile("\\b" + e.getKey() + "\\b").matcher(row).find() && !NAMED_BUT_NOT_THEIRS.contains(r.number() + " " + e.getKey())
            && !e.getKey().equals("SplitBrain")) { // also a condition type and a phase, named in many rows
          assertThat(e.getValue()).as("rule %s names %s", r.number(), e.getKey()).contains(r.number());
        }
      }
    }
  }
}
