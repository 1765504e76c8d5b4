package io.vippair.agent.keepalived;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The "keepalived is stopped on purpose" marker ({@code <run-dir>/keepalived.hold}), written by
 * {@code vippair-agent stop-keepalived} and removed by {@code start-keepalived}. While it exists no
 * agent starts keepalived, so a decommissioned VM stays down even if its agent restarts; the
 * marker lives in the run directory, so a reboot clears it.
 */
public record KeepalivedHold(Path file) {

  public static KeepalivedHold in(Path runDir) {
    return new KeepalivedHold(runDir.resolve("keepalived.hold"));
  }

  public boolean held() {
    return Files.exists(file);
  }

  public void hold() {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "keepalived stopped on purpose by vippair-agent stop-keepalived\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public void release() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }
}
