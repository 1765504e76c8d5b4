package io.vippair.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vippair.api.v1alpha1.ApiServerValidation;
import io.vippair.api.v1alpha1.VipPair;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * vippair validate: each VipPair document in the files through the checks the API server applies
 * on create (defaults, the OpenAPI schema, the CEL rules of the shipped CRD), offline.
 */
public final class ValidateCommand {
  private ValidateCommand() {}

  /** @return 0 when every VipPair is valid, 1 when one is not */
  public static int run(List<String> files, PrintStream out, PrintStream err) {
    if (files.isEmpty()) {
      throw new UsageError("validate needs at least one FILE: vippair validate pair.yaml [more.yaml...]");
    }
    ApiServerValidation apiServer = ApiServerValidation.ofShippedCrd();
    YAMLMapper yaml = new YAMLMapper();
    int invalid = 0;
    int valid = 0;
    for (String f : files) {
      Path path = Path.of(f);
      if (!Files.isRegularFile(path)) {
        throw new UsageError(f + " is not a readable file: give the path of a VipPair YAML file");
      }
      List<JsonNode> docs = new ArrayList<>();
      try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(path.toFile())) {
        while (it.hasNextValue()) {
          JsonNode d = it.nextValue();
          if (d != null && !d.isNull() && !d.isMissingNode()) {
            docs.add(d);
          }
        }
      } catch (IOException | RuntimeException e) {
        out.println(f + ": not valid YAML: " + Kube.oneLine(e));
        invalid++;
        continue;
      }
      int pairsInFile = 0;
      for (int i = 0; i < docs.size(); i++) {
        JsonNode d = docs.get(i);
        if (!(VipPair.GROUP + "/" + VipPair.VERSION).equals(d.path("apiVersion").asText()) || !"VipPair".equals(d.path("kind").asText())) {
          err.println(f + ": document " + (i + 1) + " is " + d.path("kind").asText("not a Kubernetes object") + ", not a VipPair: skipped");
          continue;
        }
        pairsInFile++;
        String name = d.at("/metadata/name").asText("");
        String label = f + ": " + (name.isEmpty() ? "document " + (i + 1) : d.at("/metadata/namespace").asText("(namespace from context)") + "/" + name);
        List<String> errors = new ArrayList<>();
        if (name.isEmpty()) {
          errors.add("metadata.name: Required value: name or generateName is required");
        }
        errors.addAll(apiServer.validateCreate(d));
        if (errors.isEmpty()) {
          out.println(label + ": valid");
          valid++;
        } else {
          errors.forEach(e -> out.println(label + ": " + e));
          invalid++;
        }
      }
      if (pairsInFile == 0) {
        out.println(f + ": holds no VipPair (apiVersion " + VipPair.GROUP + "/" + VipPair.VERSION + ", kind VipPair)");
        invalid++;
      }
    }
    err.println(valid + " valid, " + invalid + " invalid");
    return invalid == 0 ? 0 : 1;
  }
}
