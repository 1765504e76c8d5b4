package io.vippair.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lab's machine-readable results: one tab-separated line per scenario run, appended to
 * {@code lab/target/lab-results.tsv} (the header is written once, when the file is new), so that
 * runs before and after a change can be compared line by line.
 */
final class ResultsTsv {
  static final String HEADER = String.join("\t", "scenario", "advert_ms", "migration_delay_ms", "outage_ms", "vip_moves",
      "migrate_requests", "vrrp_transitions", "converged_ms");

  private final Path file;

  ResultsTsv(Path file) {
    this.file = file;
  }

  /** Next to the lab module's pom when the lab runs from the repository, else in the working directory. */
  static ResultsTsv defaultFile() {
    Path pom = LabOptions.findUpwards("lab/pom.xml");
    Path dir = Files.isRegularFile(pom) ? pom.getParent().resolve("target") : Path.of("").toAbsolutePath();
    return new ResultsTsv(dir.resolve("lab-results.tsv"));
  }

  Path file() {
    return file;
  }

  /** One line: the scenario's numbers; -1 stands for "not reached" (e.g. never converged). */
  static String row(ScenarioResult r, long advertMs, long migrationDelayMs) {
    return String.join("\t", r.name(), Long.toString(advertMs), Long.toString(migrationDelayMs),
        Long.toString(r.outage().toMillis()), Long.toString(r.ownershipChanges()), Long.toString(r.migrateRequests()),
        Long.toString(r.vrrpTransitions()), Long.toString(r.convergedMillis()));
  }

  synchronized void append(String row) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      String text = (fresh ? HEADER + "\n" : "") + row + "\n";
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new LabException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }
}
