package io.vippair.agent.keepalived;

import io.vippair.agent.exec.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks the keepalived binary for its version once ("Keepalived v2.2.7 (01/16,2022)" → "2.2.7"). */
final class KeepalivedVersion {
  private static final Pattern VERSION = Pattern.compile("Keepalived v(\\S+)");

  private KeepalivedVersion() {}

  static String of(Path binary, CommandRunner commands) {
    var result = commands.run(List.of(binary.toString(), "--version"), Duration.ofSeconds(10));
    Matcher m = VERSION.matcher(result.output());
    return m.find() ? m.group(1) : "unknown";
  }
}
