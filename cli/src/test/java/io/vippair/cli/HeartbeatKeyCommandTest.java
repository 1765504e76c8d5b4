package io.vippair.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vippair.common.heartbeat.HeartbeatKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatKeyCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheMembersDerivedKeyAndNothingOfTheMasterKey() throws Exception {
    Path master = dir.resolve("master");
    Files.writeString(master, "s3cret-master-key-of-32-bytes!!!\n");

    Run run = Run.of(Map.of(), "heartbeat-key", "--member", "cvm-a", "--master-key-file", master.toString());

    assertThat(run.status()).isZero();
    String expected = HeartbeatKeys.toText(HeartbeatKeys.derive("s3cret-master-key-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8), "cvm-a"));
    assertThat(run.out().strip()).isEqualTo(expected).doesNotContain("s3cret");
    Path keyFile = dir.resolve("cvm-a.key");
    Files.writeString(keyFile, run.out());
    assertThat(HeartbeatKeys.readMemberKey(keyFile, "keyFile")).isEqualTo(HeartbeatKeys.derive(
        "s3cret-master-key-of-32-bytes!!!".getBytes(StandardCharsets.UTF_8), "cvm-a"));
  }

  @Test
  void aShortMasterKeyOrAMissingFlagIsExitTwoWithoutTheKeyInTheMessage() throws Exception {
    Path master = dir.resolve("short");
    Files.writeString(master, "tiny-secret");

    Run shortKey = Run.of(Map.of(), "heartbeat-key", "--member", "cvm-a", "--master-key-file", master.toString());
    Run noMember = Run.of(Map.of(), "heartbeat-key", "--master-key-file", master.toString());

    assertThat(shortKey.status()).isEqualTo(2);
    assertThat(shortKey.err()).contains("shorter than 16").doesNotContain("tiny-secret");
    assertThat(noMember.status()).isEqualTo(2);
    assertThat(noMember.err()).contains("--member");
  }
}
