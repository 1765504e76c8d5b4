package io.vippair.agent.keepalived;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two keepalived track files of a pair: health (written by the agent's health check) and fence
 * (written on the operator's instruction). Each holds one number; keepalived puts the instance in
 * FAULT while it is non-zero (weight 0).
 */
public record TrackFiles(Path health, Path fence) {

  public static TrackFiles of(Path trackDir, PairKey key) {
    return new TrackFiles(trackDir.resolve(key.instanceName() + ".health"), trackDir.resolve(key.instanceName() + ".fence"));
  }

  /** Creates both files with value 0 unless they exist (a restarted agent keeps what is there). */
  public void createIfMissing() {
    try {
      Files.createDirectories(health.getParent());
      for (Path p : new Path[] {health, fence}) {
        if (!Files.exists(p)) {
          write(p, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create track files in " + health.getParent(), e);
    }
  }

  /** Writes 1 (fault) or 0 (ok). keepalived reads the file when it is closed after writing. */
  public static void write(Path file, boolean fault) {
    try {
      Files.writeString(file, fault ? "1\n" : "0\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write track file " + file, e);
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(health);
      Files.deleteIfExists(fence);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete track files of " + health, e);
    }
  }
}
