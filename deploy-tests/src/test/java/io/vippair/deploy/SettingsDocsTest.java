package io.vippair.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.agent.config.AgentSettings;
import io.vippair.common.config.Settings;
import io.vippair.operator.OperatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings tables of docs/operator.md and docs/agent.md are the code's tables
 * ({@link Settings#markdownTable()}), so a flag, default or help text cannot drift from what the
 * program does. After changing a setting, regenerate them with
 * {@code ./mvnw -pl deploy-tests -am test -Dtest=SettingsDocsTest -Dvippair.docs.update=true}.
 */
class SettingsDocsTest {

  static final String BEGIN = "<!-- settings table: generated from the code by SettingsDocsTest, do not edit -->\n";
  static final String END = "<!-- end of settings table -->\n";

  static Settings settingsOf(String program) {
    return switch (program) {
      case "operator" -> OperatorSettings.SETTINGS;
      case "agent" -> AgentSettings.SETTINGS;
      default -> throw new IllegalArgumentException(program);
    };
  }

  @ParameterizedTest
  @CsvSource({"docs/operator.md, operator", "docs/agent.md, agent"})
  void theDocsTableIsTheCodesTable(String doc, String program) throws IOException {
    Path path = DeployAssets.repoRoot().resolve(doc);
    String text = Files.readString(path);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("%s has the markers of the generated settings table", doc).isNotNegative();
    assertThat(end).as("%s has the end marker of the settings table", doc).isGreaterThan(begin);
    String documented = text.substring(begin + BEGIN.length(), end);
    String generated = settingsOf(program).markdownTable();
    if (Boolean.getBoolean("vippair.docs.update") && !documented.equals(generated)) {
      Files.writeString(path, text.substring(0, begin + BEGIN.length()) + generated + text.substring(end));
      return;
    }
    assertThat(documented).as("%s's settings table; regenerate with -Dvippair.docs.update=true", doc).isEqualTo(generated);
  }
}
