package io.vippair.operator.cloud;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.provider.OIDCRoleArnProvider;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vippair.api.v1alpha1.SecretRef;
import io.vippair.api.v1alpha1.VipPair;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Finds the cloud credentials for a VipPair: the Secret its {@code spec.cloud.credentialsSecretRef}
 * names (in the pair's namespace), else the operator-wide default: a Secret {@code ns/name}, the
 * environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, optional TENCENTCLOUD_SESSION_TOKEN)
 * or STS with the TKE OIDC web identity. Never the SDK's default provider chain (its CVM metadata
 * step has no timeout).
 *
 * <p>Secrets hold keys {@code secretId}, {@code secretKey} and optionally {@code token}; read ones
 * are cached for a short TTL so a rotated key is used within that time. Thread-safe.
 */
public final class CredentialsResolver {
  public static final String KEY_ID = "secretId";
  public static final String KEY_SECRET = "secretKey";
  public static final String KEY_TOKEN = "token";
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
  private static final int MAX_CACHED = 1024;

  /** Where credentials come from when a VipPair names no Secret. */
  public sealed interface DefaultSource {
    /** No default: every VipPair must name a Secret. */
    record None() implements DefaultSource {}

    record FromSecret(String namespace, String name) implements DefaultSource {}

    /** Read once at start from the environment. */
    record Static(CloudCredentials credentials) implements DefaultSource {
      @Override
      public String toString() {
        return "Static[" + credentials + "]";
      }
    }

    /**
     * STS AssumeRoleWithWebIdentity with the TKE variables (TKE_REGION, TKE_PROVIDER_ID,
     * TKE_WEB_IDENTITY_TOKEN_FILE, TKE_ROLE_ARN); {@code stsEndpoint} null = sts.tencentcloudapi.com.
     */
    record Oidc(String stsEndpoint) implements DefaultSource {}
  }

  private record Cached(CloudCredentials credentials, long expiresAt) {}

  private final KubernetesClient client;
  private final DefaultSource defaults;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Cached> cache = new BoundedLru<>(MAX_CACHED);
  private Credential oidcCredential; // the SDK refreshes it on read when it nears expiry

  public CredentialsResolver(KubernetesClient client, DefaultSource defaults) {
    this(client, defaults, DEFAULT_TTL, System::nanoTime);
  }

  CredentialsResolver(KubernetesClient client, DefaultSource defaults, Duration ttl, LongSupplier nanoTime) {
    this.client = Objects.requireNonNull(client, "client");
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.ttlNanos = ttl.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * The operator-wide default from its flags and environment: {@code --cloud-credentials oidc}
   * wins, then {@code --cloud-credentials-secret ns/name}, then the TENCENTCLOUD_* variables.
   *
   * @param credentialsMode the value of --cloud-credentials (null, "" or "oidc")
   * @param secretFlag the value of --cloud-credentials-secret, or null
   * @throws IllegalArgumentException naming the flag or variable and the fix
   */
  public static DefaultSource defaultSource(String credentialsMode, String secretFlag, Map<String, String> env) {
    if (credentialsMode != null && !credentialsMode.isBlank()) {
      if (!credentialsMode.trim().equalsIgnoreCase("oidc")) {
        throw new IllegalArgumentException("--cloud-credentials '" + credentialsMode
            + "' is not supported; the only mode is 'oidc' (TKE workload identity). For keys, use "
            + "--cloud-credentials-secret ns/name or TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY.");
      }
      return new DefaultSource.Oidc(blankToNull(env.get("VIPPAIR_STS_ENDPOINT")));
    }
    if (secretFlag != null && !secretFlag.isBlank()) {
      String[] parts = secretFlag.trim().split("/", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new IllegalArgumentException("--cloud-credentials-secret '" + secretFlag
            + "' must be namespace/name, for example vippair-system/tencent-api");
      }
      return new DefaultSource.FromSecret(parts[0], parts[1]);
    }
    String id = blankToNull(env.get("TENCENTCLOUD_SECRET_ID"));
    String key = blankToNull(env.get("TENCENTCLOUD_SECRET_KEY"));
    if (id == null && key == null) {
      return new DefaultSource.None();
    }
    if (id == null || key == null) {
      throw new IllegalArgumentException((id == null ? "TENCENTCLOUD_SECRET_ID" : "TENCENTCLOUD_SECRET_KEY")
          + " is not set while " + (id == null ? "TENCENTCLOUD_SECRET_KEY" : "TENCENTCLOUD_SECRET_ID")
          + " is: set both, or neither and use --cloud-credentials-secret");
    }
    return new DefaultSource.Static(new CloudCredentials(id, key, blankToNull(env.get("TENCENTCLOUD_SESSION_TOKEN"))));
  }

  /** The account (region and credentials) for this pair's cloud calls. */
  public CloudAccount accountFor(VipPair pair) throws CredentialsException {
    return new CloudAccount(pair.getSpec().getCloud().getRegion(), resolve(pair));
  }

  /** The credentials for this pair's cloud calls. */
  public CloudCredentials resolve(VipPair pair) throws CredentialsException {
    SecretRef ref = pair.getSpec() == null || pair.getSpec().getCloud() == null
        ? null : pair.getSpec().getCloud().getCredentialsSecretRef();
    return resolve(pair.getMetadata().getNamespace(), ref == null ? null : ref.getName());
  }

  /**
   * @param secretName the Secret the pair names in {@code namespace}, or null for the default
   */
  public CloudCredentials resolve(String namespace, String secretName) throws CredentialsException {
    if (secretName != null && !secretName.isBlank()) {
      return fromSecret(namespace, secretName, "spec.cloud.credentialsSecretRef");
    }
    if (defaults instanceof DefaultSource.FromSecret s) {
      return fromSecret(s.namespace(), s.name(), "--cloud-credentials-secret");
    }
    if (defaults instanceof DefaultSource.Static s) {
      return s.credentials();
    }
    if (defaults instanceof DefaultSource.Oidc o) {
      return fromOidc(o);
    }
    throw new CredentialsException("NoCredentials", "VipPair in namespace " + namespace
        + " names no spec.cloud.credentialsSecretRef and the operator has no default credentials; "
        + "set spec.cloud.credentialsSecretRef.name to a Secret with keys secretId and secretKey, or start the "
        + "operator with --cloud-credentials-secret ns/name, TENCENTCLOUD_SECRET_ID/KEY or --cloud-credentials oidc");
  }

  private CloudCredentials fromSecret(String namespace, String name, String namedBy) throws CredentialsException {
    String cacheKey = namespace + "/" + name;
    long now = nanoTime.getAsLong();
    synchronized (cache) {
      Cached hit = cache.get(cacheKey);
      if (hit != null && hit.expiresAt() - now > 0) {
        return hit.credentials();
      }
    }
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new CredentialsException("SecretUnreadable", "cannot read Secret " + cacheKey + " (named by " + namedBy
          + "): HTTP " + e.getCode() + "; the operator's ServiceAccount needs get on secrets in " + namespace);
    }
    if (secret == null) {
      throw new CredentialsException("SecretNotFound", "Secret " + cacheKey + " (named by " + namedBy
          + ") does not exist; create it: kubectl -n " + namespace + " create secret generic " + name
          + " --from-literal=secretId=AKID... --from-literal=secretKey=...");
    }
    String id = value(secret, KEY_ID);
    String key = value(secret, KEY_SECRET);
    for (String[] required : new String[][] {{KEY_ID, id}, {KEY_SECRET, key}}) {
      if (required[1] == null) {
        throw new CredentialsException("SecretKeyMissing", "Secret " + cacheKey + " (named by " + namedBy
            + ") has no key '" + required[0] + "'; it needs keys secretId and secretKey (and optionally token): "
            + "kubectl -n " + namespace + " create secret generic " + name
            + " --from-literal=secretId=AKID... --from-literal=secretKey=... --dry-run=client -o yaml | kubectl apply -f -");
      }
    }
    CloudCredentials credentials = new CloudCredentials(id, key, value(secret, KEY_TOKEN));
    synchronized (cache) {
      cache.put(cacheKey, new Cached(credentials, now + ttlNanos));
    }
    return credentials;
  }

  /** A key from data (base64) or stringData; surrounding whitespace (a stray newline) is dropped. */
  private static String value(Secret secret, String key) {
    String raw = null;
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        raw = new String(Base64.getDecoder().decode(secret.getData().get(key).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null; // not base64: treated as missing; the message names the key, never the value
      }
    } else if (secret.getStringData() != null) {
      raw = secret.getStringData().get(key);
    }
    return blankToNull(raw == null ? null : raw.trim());
  }

  private synchronized CloudCredentials fromOidc(DefaultSource.Oidc o) throws CredentialsException {
    try {
      if (oidcCredential == null) {
        OIDCRoleArnProvider provider = new OIDCRoleArnProvider(); // reads the TKE_* variables
        if (o.stsEndpoint() != null) {
          provider.setEndpoint(o.stsEndpoint());
        }
        oidcCredential = provider.getCredentials();
      }
      return new CloudCredentials(oidcCredential.getSecretId(), oidcCredential.getSecretKey(), oidcCredential.getToken());
    } catch (TencentCloudSDKException | RuntimeException e) {
      oidcCredential = null;
      String code = e instanceof TencentCloudSDKException t && t.getErrorCode() != null && !t.getErrorCode().isEmpty()
          ? t.getErrorCode() : e.getClass().getSimpleName();
      throw new CredentialsException("StsFailed", "cannot get credentials from STS with the TKE OIDC identity ("
          + code + "); check TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN, and that "
          + "the role trusts the cluster's OIDC provider");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
