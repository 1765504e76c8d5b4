package io.vippair.api.v1alpha1;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to a Secret in the VipPair's own namespace. */
public class SecretRef extends UnknownFields {

  /** Name of the Secret. */
  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  private String name;

  public SecretRef() {}

  public SecretRef(String name) {
    this.name = name;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
