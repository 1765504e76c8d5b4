package io.vippair.agent.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every name the schema accepts gives bounded keepalived instance and track file names. */
class PairKeyTest {
  static final String LONGEST_NAMESPACE = PairKeyNames.LONGEST_NAMESPACE;
  static final String LONGEST_NAME = PairKeyNames.LONGEST_NAME;

  @Test
  void theLongestNamesGiveShortReadableUniqueNames() {
    assertThat(LONGEST_NAMESPACE).hasSize(63);
    assertThat(LONGEST_NAME).hasSize(253);
    var key = new PairKey(LONGEST_NAMESPACE, LONGEST_NAME);
    var sibling = new PairKey(LONGEST_NAMESPACE, LONGEST_NAME.substring(0, 252) + "c");
    assertThat(key.instanceName()).hasSizeLessThanOrEqualTo(PairKey.MAX_PLAIN).startsWith("VP_nnnnnnnnnnnnnnnnnnnn_aaaaaaaaaaaaaaaaaaaa_");
    assertThat(key.instanceName()).isNotEqualTo(sibling.instanceName()).matches("^[A-Za-z0-9._-]+$");
    assertThat(key.instanceName()).isEqualTo(new PairKey(LONGEST_NAMESPACE, LONGEST_NAME).instanceName());
    TrackFiles files = TrackFiles.of(Path.of("/run/vippair/track"), key);
    assertThat(files.health().getFileName().toString()).hasSizeLessThan(80);
    assertThat(files.fence().getFileName().toString()).hasSizeLessThan(80);
    assertThat(PairKey.fromInstanceName(key.instanceName())).as("a shortened name is never read back as another pair").isEmpty();
  }

  @Test
  void shortNamesStayAsTheyWere() {
    assertThat(new PairKey("db", "mysql-prod").instanceName()).isEqualTo("VP_db_mysql-prod");
    String sixty = "VP_" + "n".repeat(20) + "_" + "m".repeat(36);
    assertThat(sixty).hasSize(60);
    assertThat(new PairKey("n".repeat(20), "m".repeat(36)).instanceName()).isEqualTo(sixty);
    assertThat(PairKey.fromInstanceName(sixty)).contains(new PairKey("n".repeat(20), "m".repeat(36)));
  }
}
