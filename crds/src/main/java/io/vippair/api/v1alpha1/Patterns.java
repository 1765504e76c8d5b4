package io.vippair.api.v1alpha1;

/** Regular expressions shared by the schema, the operator and the agent. */
public final class Patterns {
  public static final String IPV4 =
      "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$";
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
  public static final String VPC_ID = "^vpc-[0-9a-z]{8}$";
  public static final String ENI_ID = "^eni-[0-9a-z]{8}$";
  public static final String INSTANCE_ID = "^ins-[0-9a-z]{8}$";
  public static final String HAVIP_ID = "^havip-[0-9a-z]{8}$";
  /** Linux interface names: at most 15 characters, nothing keepalived could read as syntax. */
  public static final String INTERFACE_NAME = "^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$";

  private Patterns() {}
}
