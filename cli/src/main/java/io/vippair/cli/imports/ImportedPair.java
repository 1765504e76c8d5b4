package io.vippair.cli.imports;

import java.util.List;

/**
 * A VipPair written from the scripts: its YAML (with the notes as comments) and the notes, each
 * starting with "could not map" (a placeholder stands in its place), "not copied" (left out on
 * purpose, such as a password) or "not mapped" (vippair has no field for it, and why).
 */
public record ImportedPair(String namespace, String name, String yaml, List<String> notes) {

  /** Whether a placeholder stands in for something the files and the cloud did not give. */
  public boolean hasPlaceholders() {
    return notes.stream().anyMatch(n -> n.startsWith("could not map"));
  }
}
