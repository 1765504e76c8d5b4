package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One keepalived high-availability pair of VMs and the virtual IP that must follow its VRRP master.
 */
@Group(VipPair.GROUP)
@Version(VipPair.VERSION)
@ShortNames("vp")
@Categories("vippair")
@AdditionalPrinterColumn(name = "VIP", jsonPath = ".spec.vip.address", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "MASTER", jsonPath = ".status.master", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CLOUD-OWNER", jsonPath = ".status.cloudOwner", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "FAILOVERS", jsonPath = ".status.failovers", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class VipPair extends CustomResource<VipPairSpec, VipPairStatus> implements Namespaced {
  public static final String GROUP = "vippair.io";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "vippairs." + GROUP;
  /** Classpath location of the committed CRD (crds/vippairs.vippair.io-v1.yaml). */
  public static final String CRD_RESOURCE = "/META-INF/vippair/vippairs.vippair.io-v1.yaml";

  /** Top-level fields of a newer release, kept as read (see {@link UnknownFields}). */
  @JsonIgnore
  private final Map<String, Object> fieldsOfANewerRelease = new LinkedHashMap<>();

  @JsonAnyGetter
  @JsonIgnore
  public Map<String, Object> unknownFields() {
    return fieldsOfANewerRelease;
  }

  @JsonAnySetter
  void unknownField(String name, Object value) {
    fieldsOfANewerRelease.put(name, value);
  }

  /** Required: a VipPair without spec names no VIP and no members, so nothing could act on it. */
  @Override
  @Required
  public VipPairSpec getSpec() {
    return super.getSpec();
  }

  @Override
  protected VipPairStatus initStatus() {
    return new VipPairStatus();
  }
}
