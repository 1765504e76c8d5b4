package io.vippair.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.operator.failover.Reasons;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The docs say what the code does: checked against the code's own lists. */
class DocsAgreeWithCodeTest {
  private static String doc(String name) throws IOException {
    return Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs").resolve(name));
  }

  @Test
  void theWhoWritesWhatTableListsExactlyTheOperatorOwnedFields() throws IOException {
    String row = doc("architecture.md").lines()
        .filter(l -> l.startsWith("| every other `status` field")).findFirst().orElseThrow();
    Matcher m = Pattern.compile("\\(([^)]*)\\)").matcher(row);
    assertThat(m.find()).isTrue();
    List<String> listed = Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(VipPairStatus.operatorOwnedFields());
  }

  @Test
  void everyReasonOfTheDecisionIsExplainedInOperatorDecisionMd() throws Exception {
    String page = doc("operator-decision.md");
    List<String> missing = new ArrayList<>();
    for (var f : Reasons.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String reason = (String) f.get(null);
        if (!page.contains("`" + reason + "`")) {
          missing.add(reason);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /** Issue 10, defect 4: no code schedules a re-check for the preempt delay; the docs must not say so. */
  @Test
  void theDocsDoNotPromiseAPreemptDelayRecheck() throws IOException {
    assertThat(doc("operator.md")).doesNotContain("a task poll, a preempt delay");
    String decision = Files.readString(Path.of("src/main/java/io/vippair/operator/failover/Decision.java"));
    assertThat(decision).doesNotContain("preempt delay...");
  }
}
