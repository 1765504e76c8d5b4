package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An example applied to a cluster with the default manifests works: a VipPair that names its own
 * credentials Secret comes with the Role and RoleBinding that let the operator read it, because
 * the default RBAC only lets it read vippair-system/tencent-api.
 */
class ExampleCredentialsTest {

  @Test
  void everyExampleCredentialsSecretIsReadableByTheOperator() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.list(DeployAssets.deploy("examples"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).isNotEmpty();
    for (Path file : examples) {
      List<Map<String, Object>> objects = DeployAssets.readYamlFile(file);
      for (Map<String, Object> pair : DeployAssets.ofKind(objects, "VipPair")) {
        Object ref = map(map(pair, "spec"), "cloud").get("credentialsSecretRef");
        if (ref == null) {
          continue;
        }
        String namespace = (String) map(pair, "metadata").get("namespace");
        String secret = (String) ((Map<?, ?>) ref).get("name");
        boolean readable = DeployAssets.ofKind(objects, "Role").stream()
            .filter(role -> namespace.equals(map(role, "metadata").get("namespace")))
            .filter(role -> RbacTest.rules(role).contains("/secrets[" + secret + "]: [get]"))
            .anyMatch(role -> DeployAssets.ofKind(objects, "RoleBinding").stream().anyMatch(b ->
                map(role, "metadata").get("name").equals(map(b, "roleRef").get("name"))
                    && list(b, "subjects").stream().map(s -> (Map<?, ?>) s).anyMatch(s ->
                        "vippair-operator".equals(s.get("name")) && "vippair-system".equals(s.get("namespace")))));
        assertThat(readable).as("%s: %s/%s names Secret %s/%s, which the default RBAC does not let the operator read;"
            + " add a Role and RoleBinding for it, or use the default credentials", file.getFileName(), namespace,
            map(pair, "metadata").get("name"), namespace, secret).isTrue();
      }
    }
  }
}
