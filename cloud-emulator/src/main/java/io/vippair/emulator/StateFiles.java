package io.vippair.emulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@link StateDocument}s: YAML unless the file name ends in .json; writes are atomic. */
final class StateFiles {
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    static final ObjectMapper YAML = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private StateFiles() {}

    static ObjectMapper mapperFor(Path file) {
        return file.getFileName().toString().endsWith(".json") ? JSON : YAML;
    }

    static StateDocument read(Path file) {
        try {
            return mapperFor(file).readValue(file.toFile(), StateDocument.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("state file " + file + " is not a valid state document: "
                    + AdminHandler.firstLine(e) + "; see docs/cloud-emulator.md for the format", e);
        }
    }

    /** Writes to a temporary file beside {@code file}, then renames it over the old one. */
    static void write(Path file, StateDocument doc) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                mapperFor(file).writeValue(tmp.toFile(), doc);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file, e);
        }
    }
}
