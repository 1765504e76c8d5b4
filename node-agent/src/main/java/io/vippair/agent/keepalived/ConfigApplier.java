package io.vippair.agent.keepalived;

import io.vippair.agent.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Puts a rendered keepalived.conf in place only if keepalived accepts it: write a temporary file
 * next to the real one, {@code keepalived -t -f TMP} (in this network namespace, so interfaces are
 * checked), then an atomic rename. A rejected file never replaces the one keepalived runs with.
 */
public final class ConfigApplier {
  /** keepalived's message is reported in the VipPair status; keep it to a readable size. */
  private static final int MAX_ERROR = 1000;

  public enum Outcome { UNCHANGED, APPLIED, REJECTED }

  /** error is keepalived's own explanation when outcome is REJECTED. */
  public record Result(Outcome outcome, String error) {}

  private final Path binary;
  private final Path configFile;
  private final CommandRunner commands;

  public ConfigApplier(Path binary, Path configFile, CommandRunner commands) {
    this.binary = binary;
    this.configFile = configFile;
    this.commands = commands;
  }

  public Path configFile() {
    return configFile;
  }

  /** The content keepalived runs with now, or null when there is no file yet. */
  public String current() {
    try {
      return Files.exists(configFile) ? Files.readString(configFile) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + configFile, e);
    }
  }

  public Result apply(String text) {
    if (text.equals(current())) {
      return new Result(Outcome.UNCHANGED, null);
    }
    return withTestedTemp(text, tmp -> {
      Files.move(tmp, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Result(Outcome.APPLIED, null);
    });
  }

  /** keepalived's objection to text, or null when it would accept it. Changes nothing. */
  public String test(String text) {
    return withTestedTemp(text, tmp -> new Result(Outcome.UNCHANGED, null)).error();
  }

  private interface Install {
    Result accept(Path testedTemp) throws IOException;
  }

  /** Writes text to a temporary file beside the real one, tests it, and hands it on if keepalived accepts it. */
  private Result withTestedTemp(String text, Install install) {
    Path tmp = configFile.resolveSibling(configFile.getFileName() + ".tmp");
    try {
      Files.createDirectories(configFile.getParent());
      Files.writeString(tmp, text);
      var check = commands.run(List.of(binary.toString(), "-t", "-f", tmp.toString()), Duration.ofSeconds(20));
      if (!check.ok()) {
        return new Result(Outcome.REJECTED, explain(check, tmp));
      }
      return install.accept(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // a stale .tmp is overwritten next time
      }
    }
  }

  private String explain(CommandRunner.Result check, Path tmp) {
    String output = check.output().lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .map(l -> l.replace(tmp.toString(), configFile.toString()).replace(tmp.getFileName().toString(), configFile.getFileName().toString()))
        .collect(Collectors.joining("; "));
    String message = "keepalived rejected the configuration (exit " + check.exitCode()
        + (check.timedOut() ? ", timed out" : "") + "): " + (output.isEmpty() ? "no message" : output);
    return message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) + "..." : message;
  }
}
