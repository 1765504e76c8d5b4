package io.vippair.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  static final Setting<Duration> PERIOD = Setting.flag("--period", Parsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(5)))
      .metavar("10s").env("T_PERIOD").key("period").byDefault("10s").help("how often");
  static final Setting<Integer> PORT = Setting.flag("--port", Parsers.port())
      .env("T_PORT").key("port").byDefault("8080").help("where");
  static final Setting<String> NAME = Setting.flag("--name", Parsers.dnsLabel()).env("T_NAME").key("name").required()
      .help("the name of this thing");
  static final Setting<List<String>> NAMESPACES = Setting.flag("--namespaces", Parsers.commaSeparated(Parsers.dnsLabel()))
      .key("namespaces").byDefault("").help("which");
  static final Setting<Boolean> ON = Setting.flag("--on", Parsers.bool()).byDefault("true").help("whether");
  static final FlagFamily LIMITS = new FlagFamily("--limit-", "<What>", "N", "built in", "a limit per thing");

  static final Settings SETTINGS = new Settings("t.jar", List.of(PERIOD, PORT, NAME, NAMESPACES, ON), List.of(LIMITS),
      new Settings.ConfigFile("--config", "T_CONFIG", "t.yaml", Map.of("extras", "free-form")), List.of());

  @TempDir
  Path dir;

  @Test
  void aFlagWinsOverTheEnvironmentOverTheFileOverTheDefault() throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), "period: 30s\nport: 9000\nname: from-file\nnamespaces: [a, b]\nextras: {x: 1}\n");
    SettingValues v = SETTINGS.read(List.of("--config", file.toString(), "--period=20s", "--limit-Foo", "3"), Map.of("T_PERIOD", "40s", "T_PORT", "9100"));
    assertThat(v.get(PERIOD)).isEqualTo(Duration.ofSeconds(20));
    assertThat(v.get(PORT)).isEqualTo(9100);
    assertThat(v.get(NAME)).isEqualTo("from-file");
    assertThat(v.get(NAMESPACES)).containsExactly("a", "b");
    assertThat(v.get(ON)).isTrue();
    assertThat(v.family(LIMITS)).containsExactly(Map.entry("Foo", "3"));
    assertThat(v.fileSection("extras").get("x").asInt()).isEqualTo(1);
    assertThat(v.given(ON)).isNull();

    SettingValues defaults = SETTINGS.read(List.of("--name", "n"), Map.of());
    assertThat(defaults.get(PERIOD)).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.get(NAMESPACES)).isEmpty();
    assertThat(defaults.fileName()).isNull();
  }

  /** Each bad input: the arguments (split on spaces), the environment variable T_PORT, and what the message must say. */
  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(delimiter = '|', value = {
      "--period soon --name n           | ''  | --period (env T_PERIOD, t.yaml period) is 'soon'; write a duration such as 500ms, 10s, 2m or 1h",
      "--period 100ms --name n          | ''  | out of range; use a value from 1s to 5m",
      "--port 70000 --name n            | ''  | a whole number from 0 to 65535",
      "--name n                         | abc | --port (env T_PORT, t.yaml port) is 'abc'",
      "--name Bad_Name                  | ''  | lower-case letters",
      "--on maybe --name n              | ''  | write true or false",
      "--namespaces ok,Not_ok --name n  | ''  | --namespaces",
      "--period                         | ''  | --period needs a value, e.g. --period 10s",
      "--period --name n                | ''  | --period needs a value",
      "--frobnicate 1                   | ''  | unknown flag '--frobnicate'; run with --help",
      "stray                            | ''  | unexpected argument 'stray'",
      "--limit- 3                       | ''  | --limit-: name what it is for after the prefix, e.g. --limit-<What> N",
      "--port 1                         | ''  | --name (env T_NAME, t.yaml name) is required: the name of this thing",
      "--config /nonexistent/t.yaml     | ''  | --config /nonexistent/t.yaml: cannot read it as YAML"})
  void badInputNamesTheSettingAndTheFix(String args, String port, String message) {
    Map<String, String> env = port.isEmpty() ? Map.of() : Map.of("T_PORT", port);
    assertThatThrownBy(() -> {
      SettingValues v = SETTINGS.read(Arrays.asList(args.trim().split("\\s+")), env);
      for (Setting<?> s : SETTINGS.all()) {
        v.get(s);
      }
    }).isInstanceOf(BadSetting.class).hasMessageContaining(message);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "'port: 1\nport: 2\n'        | Duplicate field 'port'",
      "'prot: 1\n'                 | unknown setting 'prot' in",
      "'- a\n- b\n'                | the file must be a YAML map",
      "'port: {a: 1}\nname: n\n'   | port in",
      "'name: [a\n'                | cannot read it as YAML"})
  void badFilesNameTheKey(String content, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("t.yaml"), content);
    assertThatThrownBy(() -> {
      SettingValues v = SETTINGS.read(List.of("--config", file.toString()), Map.of());
      v.get(PORT);
    }).isInstanceOf(BadSetting.class).hasMessageContaining(message);
  }

  @Test
  void usageAndDocsShowEverySettingOnce() {
    String usage = SETTINGS.usage();
    for (Setting<?> s : SETTINGS.all()) {
      assertThat(usage).contains(s.flag() + " " + s.metavar()).contains(s.help());
    }
    assertThat(usage).contains("env T_PERIOD, t.yaml period, default 10s").contains("--limit-<What> N").contains("default (required)");
    assertThat(SETTINGS.markdownTable()).contains(
        "| flag | environment | t.yaml | default | meaning |",
        "| `--config PATH` | `T_CONFIG` | — | none |",
        "| `--period 10s` | `T_PERIOD` | `period` | `10s` | how often |",
        "| `--name VALUE` | `T_NAME` | `name` | (required) | the name of this thing |",
        "| `--limit-<What> N` | — | — | built in | a limit per thing |",
        "| — | — | `extras` | none | free-form |");
  }

  @Test
  void aFlagDefinedTwiceIsABug() {
    assertThatThrownBy(() -> new Settings("t.jar", List.of(PORT, PORT), List.of(), null, List.of()))
        .hasMessageContaining("--port");
  }
}
