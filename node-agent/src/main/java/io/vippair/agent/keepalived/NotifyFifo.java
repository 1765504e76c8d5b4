package io.vippair.agent.keepalived;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's vrrp_notify_fifo, read by one thread. It is opened read-write: a read-only open
 * would block until keepalived opens it and see end-of-file each time keepalived exits, while a
 * read-write reader is always there, so keepalived never finds the FIFO without a reader and the
 * reader survives keepalived restarts and reloads. Events are handed on in the order read.
 */
public final class NotifyFifo implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotifyFifo.class);
  private static final int FIFO_TYPE = 0010000;
  private static final int TYPE_MASK = 0170000;

  private final Path path;
  private final Consumer<FifoEvent> onEvent;
  private final Thread reader;
  private volatile boolean closed;

  private NotifyFifo(Path path, Consumer<FifoEvent> onEvent) {
    this.path = path;
    this.onEvent = onEvent;
    this.reader = new Thread(this::readLoop, "keepalived-fifo");
    reader.setDaemon(true);
  }

  /** Creates the FIFO (mkfifo) unless one is already there, and starts reading it. */
  public static NotifyFifo open(Path path, Consumer<FifoEvent> onEvent) {
    ensureFifo(path);
    var fifo = new NotifyFifo(path, onEvent);
    fifo.reader.start();
    return fifo;
  }

  static void ensureFifo(Path path) {
    try {
      Files.createDirectories(path.getParent());
      if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if ((mode & TYPE_MASK) == FIFO_TYPE) {
          return; // keep it: a keepalived that outlived the previous agent may hold it open
        }
        Files.delete(path);
      }
      Process p = new ProcessBuilder(List.of("mkfifo", "-m", "600", path.toString())).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (p.waitFor() != 0) {
        throw new IOException("mkfifo " + path + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create keepalived's notify FIFO " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + path, e);
    }
  }

  private void readLoop() {
    while (!closed) {
      try (RandomAccessFile in = new RandomAccessFile(path.toFile(), "rw")) {
        String line;
        while (!closed && (line = in.readLine()) != null) {
          String text = line;
          FifoEvent.parse(text).ifPresentOrElse(this::deliver, () -> log.debug("notify FIFO: ignoring '{}'", text));
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          log.warn("reading keepalived's notify FIFO {} failed ({}); reopening in 1 s", path, e.toString());
          sleepQuietly(1000);
        }
      }
    }
  }

  private void deliver(FifoEvent event) {
    try {
      onEvent.accept(event);
    } catch (RuntimeException e) {
      log.error("handling notify FIFO event {} failed", event, e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops reading. The thread is a daemon: a read blocked in the kernel cannot hold the JVM. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
  }
}
