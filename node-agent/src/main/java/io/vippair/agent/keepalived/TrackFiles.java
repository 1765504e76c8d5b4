package io.vippair.agent.keepalived;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three keepalived track files of a pair: health (written by the agent's health check) and fence
 * (written on the operator's instruction), each holding one number that puts the instance in FAULT
 * while non-zero (weight 0); and boost (1 during a planned switchover to this member), which adds
 * {@link #BOOST_WEIGHT} to the priority.
 */
public record TrackFiles(Path health, Path fence, Path boost) {
  /**
   * Lifts any priority of vippair's (100 or 150) to keepalived's ceiling of 254, so that the
   * master-down wait after the master's priority-0 advert (the skew: (256 - priority) / 256 of an
   * advert interval) is about 1 % of an advert instead of 61 %.
   */
  public static final int BOOST_WEIGHT = 154;

  public static TrackFiles of(Path trackDir, PairKey key) {
    return new TrackFiles(trackDir.resolve(key.instanceName() + ".health"), trackDir.resolve(key.instanceName() + ".fence"),
        trackDir.resolve(key.instanceName() + ".boost"));
  }

  /** Creates both files with value 0 unless they exist (a restarted agent keeps what is there). */
  public void createIfMissing() {
    try {
      Files.createDirectories(health.getParent());
      for (Path p : new Path[] {health, fence, boost}) {
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
      Files.deleteIfExists(boost);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete track files of " + health, e);
    }
  }
}
