package io.vippair.lab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lab per machine: the lab's names and addresses are fixed, so a second lab (another build's
 * tests on a shared machine) would tear down the first one's namespaces. The lab holds an
 * exclusive lock on a file while it runs; the kernel releases it when the process dies, so
 * namespaces found while holding the lock are leftovers of a dead lab and safe to remove.
 */
final class LabLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabLock.class);
  static final Path FILE = Path.of("/run/vippair-lab.lock");

  private final FileChannel channel;
  private final FileLock lock;

  private LabLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits up to wait for another lab on this machine to finish, then holds the lock. */
  static LabLock acquire(Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    boolean told = false;
    while (true) {
      Optional<LabLock> l = tryAcquire();
      if (l.isPresent()) {
        return l.get();
      }
      if (!told) {
        log.warn("another lab runs on this machine ({}); waiting up to {} s for it to finish", holder(), wait.toSeconds());
        told = true;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new LabException("another lab still runs on this machine (" + holder() + ") after " + wait.toSeconds()
            + " s; only one can run at a time: stop it, or wait and retry");
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabException("interrupted while waiting for another lab to finish");
      }
    }
  }

  /** The lock if no other lab holds it now. */
  static Optional<LabLock> tryAcquire() {
    FileChannel ch = null;
    try {
      ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        return Optional.empty();
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return Optional.of(new LabLock(ch, lock));
    } catch (IOException e) {
      throw new LabException("cannot open the lab's lock file " + FILE + ": " + e.getMessage(), e);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      // this JVM already runs a lab
      closeQuietly(ch);
      return Optional.empty();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      if (ch != null) {
        ch.close();
      }
    } catch (IOException e) {
      // nothing held
    }
  }

  /** Who holds the lock, as the file says. */
  static String holder() {
    try {
      return Files.readString(FILE).strip();
    } catch (IOException e) {
      return "unknown process";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      log.debug("releasing the lab lock: {}", e.toString());
    }
  }
}
