package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed CRD, loaded as Kubernetes would load it, has what users rely on. */
class CrdStructureTest {

  private static CustomResourceDefinition crd() throws Exception {
    try (InputStream in = Files.newInputStream(CrdWriter.COMMITTED)) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  @Test
  void namesScopeAndStatusSubresource() throws Exception {
    CustomResourceDefinition crd = crd();
    assertThat(crd.getMetadata().getName()).isEqualTo(VipPair.CRD_NAME);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("vp");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("vippair");
    CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
    assertThat(v.getName()).isEqualTo("v1alpha1");
    assertThat(v.getServed()).isTrue();
    assertThat(v.getStorage()).isTrue();
    assertThat(v.getSubresources().getStatus()).isNotNull();
  }

  @Test
  void printerColumnsInTheirOrder() throws Exception {
    var columns = crd().getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns).extracting(c -> c.getName()).containsExactly("VIP", "MASTER", "CLOUD-OWNER", "PHASE", "FAILOVERS", "AGE");
    assertThat(columns).extracting(c -> c.getJsonPath()).containsExactly(
        ".spec.vip.address", ".status.master", ".status.cloudOwner", ".status.phase", ".status.failovers", ".metadata.creationTimestamp");
  }

  @Test
  void celRulesOnTheSpecCoverTheCrossFieldContracts() throws Exception {
    JSONSchemaProps spec = crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    List<ValidationRule> rules = spec.getXKubernetesValidations();
    assertThat(rules).extracting(ValidationRule::getMessage).anySatisfy(m -> assertThat(m).contains("member names must be distinct"))
        .anySatisfy(m -> assertThat(m).contains("networkInterfaceId must differ"))
        .anySatisfy(m -> assertThat(m).contains("privateIp must differ"))
        .anySatisfy(m -> assertThat(m).contains("must not be a member's privateIp"))
        .anySatisfy(m -> assertThat(m).contains("preferredMember is required with policy Preferred"));
    assertThat(spec.getProperties().get("members").getMaxItems()).isEqualTo(2L);
    assertThat(spec.getProperties().get("members").getMinItems()).isEqualTo(2L);
    assertThat(spec.getRequired()).contains("cloud", "vip", "failover", "vrrp", "members");
  }

  @Test
  void everyFieldHasADescription() throws Exception {
    JSONSchemaProps root = crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    assertDescribed("", root.getProperties().get("spec"));
  }

  private static void assertDescribed(String path, JSONSchemaProps node) {
    if (node.getProperties() == null) {
      return;
    }
    node.getProperties().forEach((name, child) -> {
      assertThat(child.getDescription()).as("description of %s.%s", path, name).isNotBlank();
      assertDescribed(path + "." + name, child.getItems() != null && child.getItems().getSchema() != null ? child.getItems().getSchema() : child);
    });
  }
}
