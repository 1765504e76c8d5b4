package io.vippair.deploy;

import static io.vippair.deploy.DeployAssets.list;
import static io.vippair.deploy.DeployAssets.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RBAC tables of docs/operator.md and docs/agent.md are the rules the manifests grant, so a
 * Role written from the docs is the Role that works (a verb missing from the docs once broke Lease
 * renewal for whoever copied them). Regenerate with
 * {@code ./mvnw -pl deploy-tests -am test -Dtest=RbacDocsTest -Dvippair.docs.update=true}.
 */
class RbacDocsTest {
  static final String BEGIN = "<!-- RBAC table: generated from deploy/ by RbacDocsTest, do not edit -->\n";
  static final String END = "<!-- end of RBAC table -->\n";

  /** The roles each program's ServiceAccount is bound to in the default manifests. */
  static List<Map<String, Object>> rolesOf(String program) {
    List<Map<String, Object>> roles = new ArrayList<>();
    if (program.equals("operator")) {
      var objects = DeployAssets.render("deploy/operator");
      roles.add(DeployAssets.named(objects, "ClusterRole", "vippair-operator"));
      roles.add(DeployAssets.named(objects, "Role", "vippair-operator-leader-election"));
      roles.add(DeployAssets.named(objects, "Role", "vippair-operator"));
    } else {
      var objects = DeployAssets.render("deploy/agent");
      roles.add(DeployAssets.named(objects, "ClusterRole", "vippair-agent"));
      roles.add(DeployAssets.named(objects, "Role", "vippair-agent-lease-create"));
      roles.add(DeployAssets.named(RbacTest.agentIdentity("cvm-a", "db"), "Role", "vippair-agent-cvm-a"));
    }
    return roles;
  }

  static String table(List<Map<String, Object>> roles) {
    StringBuilder out = new StringBuilder("| granted by | API group | resource | only the objects named | verbs |\n| --- | --- | --- | --- | --- |\n");
    for (Map<String, Object> role : roles) {
      Map<String, Object> meta = map(role, "metadata");
      String by = role.get("kind") + " `" + meta.get("name") + "`"
          + (meta.get("namespace") == null ? "" : " in `" + meta.get("namespace") + "`");
      for (Object r : list(role, "rules")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rule = (Map<String, Object>) r;
        for (Object group : list(rule, "apiGroups")) {
          for (Object resource : list(rule, "resources")) {
            String names = String.join(", ", list(rule, "resourceNames").stream().map(n -> "`" + n + "`").toList());
            String verbs = String.join(", ", new TreeSet<>(list(rule, "verbs").stream().map(Object::toString).toList()));
            out.append("| ").append(by).append(" | ").append(group.toString().isEmpty() ? "core" : "`" + group + "`")
                .append(" | `").append(resource).append("` | ").append(names.isEmpty() ? "any" : names).append(" | ").append(verbs).append(" |\n");
          }
        }
      }
    }
    // the agent's own Lease Role is made per member by create-agent-identity.sh
    return out.toString().replace("cvm-a", "<member>");
  }

  @ParameterizedTest
  @CsvSource({"docs/operator.md, operator", "docs/agent.md, agent"})
  void theDocsRbacTableIsWhatTheManifestsGrant(String doc, String program) throws IOException {
    Path path = DeployAssets.repoRoot().resolve(doc);
    String text = Files.readString(path);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("%s has the markers of the generated RBAC table", doc).isNotNegative();
    assertThat(end).as("%s has the end marker of the RBAC table", doc).isGreaterThan(begin);
    String documented = text.substring(begin + BEGIN.length(), end);
    String generated = table(rolesOf(program));
    if (Boolean.getBoolean("vippair.docs.update") && !documented.equals(generated)) {
      Files.writeString(path, text.substring(0, begin + BEGIN.length()) + generated + text.substring(end));
      return;
    }
    assertThat(documented).as("%s's RBAC table; regenerate with -Dvippair.docs.update=true", doc).isEqualTo(generated);
  }
}
