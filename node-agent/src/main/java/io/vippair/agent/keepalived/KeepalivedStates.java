package io.vippair.agent.keepalived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vippair.agent.exec.CommandRunner;
import io.vippair.api.v1alpha1.VrrpRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a running keepalived for every instance's current state: keepalived writes
 * {@code $TMPDIR/keepalived.json} when its main process gets the signal {@code keepalived
 * --signum=JSON} names. This is how a new agent learns who is MASTER without waiting for a
 * transition (a reload re-announces only BACKUP states through the FIFO).
 */
public final class KeepalivedStates {
  private static final Logger log = LoggerFactory.getLogger(KeepalivedStates.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** No JSON dump in this build: never signal (an unhandled real-time signal would end keepalived). */
  private static final int NONE = -1;

  /** An instance's state and when keepalived entered it. */
  public record InstanceState(VrrpRole role, Instant since) {}

  private final Path dumpDir;
  private final CommandRunner commands;
  /** Asked in the background: a fork on the start path would delay the adopted roles. */
  private final CompletableFuture<Integer> signal;

  /**
   * @param dumpDir keepalived's TMPDIR, where it writes the dump
   */
  public KeepalivedStates(Path binary, Path dumpDir, CommandRunner commands) {
    this.dumpDir = dumpDir;
    this.commands = commands;
    this.signal = CompletableFuture.supplyAsync(() -> jsonSignal(binary, commands));
  }

  /** The signal number keepalived names for its JSON dump (36 on Debian's 2.2.7), or NONE without JSON support. */
  private static int jsonSignal(Path binary, CommandRunner commands) {
    var result = commands.run(List.of(binary.toString(), "--signum=JSON"), Duration.ofSeconds(5));
    try {
      int signal = result.ok() ? Integer.parseInt(result.output().strip()) : NONE;
      return signal > 0 ? signal : NONE;
    } catch (NumberFormatException e) {
      return NONE;
    }
  }

  /** Signals keepalived pid and waits up to timeout for its dump; empty when none came (logged). */
  public Optional<Map<String, InstanceState>> read(long pid, Duration timeout) {
    Path file = dumpDir.resolve("keepalived.json");
    try {
      Files.createDirectories(dumpDir);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("cannot prepare {} for keepalived's state dump: {}", file, e.toString());
      return Optional.empty();
    }
    int signal = this.signal.join();
    if (signal == NONE) {
      log.warn("this keepalived has no JSON state dump (built without JSON support?); the roles come with the next transitions");
      return Optional.empty();
    }
    var sent = commands.run(List.of("kill", "-s", Integer.toString(signal), Long.toString(pid)), Duration.ofSeconds(2));
    if (!sent.ok()) {
      log.warn("cannot ask keepalived pid {} for its state (signal {}): {}", pid, signal, sent.output());
      return Optional.empty();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(file)) {
          last = Files.readString(file);
          return Optional.of(parse(last)); // keepalived may still be writing it: a parse error retries
        }
      } catch (IOException | RuntimeException e) {
        // not complete yet
      }
      if (!sleep(5)) {
        return Optional.empty();
      }
    }
    log.warn("keepalived pid {} wrote no complete state dump to {} within {} ms{}", pid, file, timeout.toMillis(),
        last == null ? "" : " (partial file)");
    return Optional.empty();
  }

  /** keepalived.json: a list of {"data":{"iname":NAME,"state":N,"last_transition":SECONDS},...}. */
  static Map<String, InstanceState> parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isArray()) {
      throw new IOException("keepalived's state dump is not a list");
    }
    Map<String, InstanceState> states = new LinkedHashMap<>();
    for (JsonNode instance : root) {
      JsonNode data = instance.path("data");
      if (!data.path("iname").isTextual() || !data.path("state").canConvertToInt()) {
        throw new IOException("keepalived's state dump has an instance without iname or state");
      }
      Instant since = data.path("last_transition").isNumber()
          ? Instant.ofEpochMilli(Math.round(data.path("last_transition").asDouble() * 1000)).truncatedTo(ChronoUnit.MILLIS)
          : null;
      states.put(data.path("iname").asText(), new InstanceState(role(data.path("state").asInt()), since));
    }
    return states;
  }

  /** keepalived's vrrp.h: 0 init, 1 backup, 2 master, 3 fault; anything else is not a role we can report. */
  static VrrpRole role(int state) {
    return switch (state) {
      case 1 -> VrrpRole.BACKUP;
      case 2 -> VrrpRole.MASTER;
      case 3 -> VrrpRole.FAULT;
      default -> VrrpRole.UNKNOWN;
    };
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
