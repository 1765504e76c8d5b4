package io.vippair.operator.cloud.tencent;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the VPC API is reached. Four forms, as given to {@code --cloud-endpoint}:
 *
 * <ul>
 *   <li>{@code vpc.tencentcloudapi.com} (the default, also "public" or empty): the nearest region;
 *   <li>{@code regional}: {@code vpc.<region>.tencentcloudapi.com}, the region taken per call;
 *   <li>{@code internal}: {@code vpc.internal.tencentcloudapi.com}, for VMs without public access;
 *   <li>{@code http://host:port} (plain HTTP, for the cloud emulator) or {@code https://host[:port]}
 *       or a bare host name: exactly that address.
 * </ul>
 *
 * <p>The SDK signs with a service name taken from the first DNS label of the host, so a custom
 * host only works against a server that reads the service from the signature (the emulator does).
 */
public record CloudEndpoint(Form form, String scheme, String fixedHost) {

  public enum Form { PUBLIC, REGIONAL, INTERNAL, CUSTOM }

  public static final String PUBLIC_HOST = "vpc.tencentcloudapi.com";
  public static final String INTERNAL_HOST = "vpc.internal.tencentcloudapi.com";

  private static final Pattern HOST_PORT =
      Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?$");

  public static CloudEndpoint publicEndpoint() {
    return new CloudEndpoint(Form.PUBLIC, "https", PUBLIC_HOST);
  }

  /**
   * Reads a {@code --cloud-endpoint} value.
   *
   * @throws IllegalArgumentException naming the flag and the accepted forms
   */
  public static CloudEndpoint parse(String value) {
    if (value == null || value.isBlank()) {
      return publicEndpoint();
    }
    String v = value.trim();
    switch (v.toLowerCase(Locale.ROOT)) {
      case "public", PUBLIC_HOST:
        return publicEndpoint();
      case "regional":
        return new CloudEndpoint(Form.REGIONAL, "https", null);
      case "internal", INTERNAL_HOST:
        return new CloudEndpoint(Form.INTERNAL, "https", INTERNAL_HOST);
      default:
        break;
    }
    if (!v.contains("://")) {
      return custom("https", v, value);
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw invalid(value, "it is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid(value, "the scheme must be http or https");
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
        || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
      throw invalid(value, "only scheme, host and port are allowed (no path, query or user)");
    }
    if (uri.getHost() == null) {
      throw invalid(value, "it has no host");
    }
    String hostPort = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    return custom(scheme, hostPort, value);
  }

  private static CloudEndpoint custom(String scheme, String hostPort, String original) {
    if (!HOST_PORT.matcher(hostPort).matches()) {
      throw invalid(original, "'" + hostPort + "' is not a host[:port]");
    }
    int colon = hostPort.indexOf(':');
    if (colon > 0) {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw invalid(original, "the port must be 1-65535");
      }
    }
    return new CloudEndpoint(Form.CUSTOM, scheme, hostPort);
  }

  private static IllegalArgumentException invalid(String value, String why) {
    return new IllegalArgumentException(
        "--cloud-endpoint '" + value + "' is invalid: " + why + ". Use one of: "
            + PUBLIC_HOST + " (default), regional, internal, http://host:port (emulator), "
            + "https://host[:port] or a host name.");
  }

  /** The host[:port] to call for a region. */
  public String hostFor(String region) {
    return form == Form.REGIONAL ? "vpc." + region + ".tencentcloudapi.com" : fixedHost;
  }

  /** The SDK's protocol string ("http://" or "https://"). */
  public String sdkProtocol() {
    return scheme + "://";
  }

  @Override
  public String toString() {
    return form == Form.REGIONAL ? "https://vpc.<region>.tencentcloudapi.com" : scheme + "://" + fixedHost;
  }
}
