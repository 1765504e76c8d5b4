package io.vippair.cli.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vippair.api.v1alpha1.ApiServerValidation;
import io.vippair.cli.UsageError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * vippair import: seed-era files in, VipPair YAML out (stdout or one file per pair in --out),
 * notes on stderr. Every pair it writes has passed the API server's checks
 * ({@link ApiServerValidation}); exit 1 when a pair could not be written or a placeholder stands in.
 */
public final class ImportCommand {
  private ImportCommand() {}

  /** The VMs under the given paths: a keepalived.conf, a VM's directory, or a directory of VM directories. */
  public static List<SeedVm> readVms(List<String> paths) {
    if (paths.isEmpty()) {
      throw new UsageError("import needs a DIR or FILE: a VM's keepalived.conf, its directory, or a directory with one subdirectory per VM");
    }
    List<SeedVm> vms = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      List<Path> confs = new ArrayList<>();
      if (Files.isRegularFile(path)) {
        confs.add(path);
      } else if (Files.isRegularFile(path.resolve("keepalived.conf"))) {
        confs.add(path.resolve("keepalived.conf"));
      } else if (Files.isDirectory(path)) {
        try (Stream<Path> sub = Files.list(path)) {
          sub.sorted().filter(d -> Files.isRegularFile(d.resolve("keepalived.conf"))).forEach(d -> confs.add(d.resolve("keepalived.conf")));
        } catch (IOException e) {
          throw new UsageError("cannot list " + path + ": " + e.getMessage());
        }
        if (confs.isEmpty()) {
          throw new UsageError(path + " has no keepalived.conf, nor any subdirectory with one: give a VM's directory or a directory of VM directories");
        }
      } else {
        throw new UsageError(path + " does not exist: give a keepalived.conf or a directory holding VMs' files");
      }
      for (Path conf : confs) {
        try {
          vms.add(SeedVm.read(conf));
        } catch (IOException e) {
          throw new UsageError("cannot read " + conf + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new UsageError("cannot parse " + e.getMessage() + ": fix the file (keepalived -t -f FILE checks it)");
        }
      }
    }
    return vms;
  }

  /** Writes the pairs and returns the exit status. */
  public static int run(List<SeedVm> vms, PairMapper.Options options, Path outDir, PrintStream out, PrintStream err) {
    Pairing.Result paired = Pairing.pair(vms);
    List<String> failures = new ArrayList<>(paired.problems());
    List<ImportedPair> pairs = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Pairing.Match m : paired.matches()) {
      try {
        ImportedPair p = PairMapper.map(m, options);
        if (!names.add(p.namespace() + "/" + p.name())) {
          failures.add(m.a().where() + ": VIP " + m.a().vips().get(0) + " is imported twice (two VPCs?): import each VPC's VMs on their own");
          continue;
        }
        pairs.add(p);
      } catch (IllegalArgumentException e) {
        failures.add(e.getMessage());
      }
    }
    ApiServerValidation apiServer = ApiServerValidation.ofShippedCrd();
    YAMLMapper yaml = new YAMLMapper();
    int placeholders = 0;
    List<String> docs = new ArrayList<>();
    for (ImportedPair p : pairs) {
      List<String> errors;
      try {
        JsonNode doc = yaml.readTree(p.yaml());
        errors = apiServer.validateCreate(doc);
      } catch (IOException e) {
        errors = List.of("the written YAML does not parse: " + e.getMessage());
      }
      String ref = p.namespace() + "/" + p.name();
      if (!errors.isEmpty()) {
        failures.add(ref + ": the API server would reject it: " + String.join("; ", errors));
        continue;
      }
      err.println(ref + ": " + p.notes().size() + " note" + (p.notes().size() == 1 ? "" : "s"));
      p.notes().forEach(n -> err.println("  " + n));
      if (p.hasPlaceholders()) {
        placeholders++;
      }
      if (outDir != null) {
        Path file = outDir.resolve(p.namespace() + "-" + p.name() + ".yaml");
        try {
          Files.createDirectories(outDir);
          Files.writeString(file, p.yaml());
        } catch (IOException e) {
          throw new UsageError("cannot write " + file + ": " + e.getMessage() + ": pass a writable --out DIR");
        }
        err.println("  wrote " + file);
      } else {
        docs.add(p.yaml());
      }
    }
    if (!docs.isEmpty()) {
      out.print(String.join("---\n", docs));
    }
    failures.forEach(f -> err.println("could not import: " + f));
    err.println("imported " + (pairs.size() - (int) failures.stream().filter(f -> f.contains("would reject")).count()) + " pair"
        + (pairs.size() == 1 ? "" : "s") + " from " + vms.size() + " VM" + (vms.size() == 1 ? "" : "s")
        + (placeholders > 0 ? ", " + placeholders + " with placeholders to fill in" : "")
        + (failures.isEmpty() ? "" : ", " + failures.size() + " not imported"));
    return failures.isEmpty() && placeholders == 0 ? 0 : 1;
  }
}
