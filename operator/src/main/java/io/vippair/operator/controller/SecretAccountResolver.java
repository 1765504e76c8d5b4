package io.vippair.operator.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.operator.cloud.CloudAccount;
import io.vippair.operator.cloud.CloudCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials for a pair, in this order: the Secret the pair names (spec.cloud.credentialsSecretRef,
 * in the pair's namespace), else the operator-wide Secret (--cloud-credentials-secret), else the
 * operator's environment (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY /
 * TENCENTCLOUD_SESSION_TOKEN). A Secret has keys secretId, secretKey and optionally token. Secrets
 * are read with a GET and kept for {@code ttl}, so thousands of pairs sharing one Secret cost one
 * read per ttl; error messages name the Secret and the key, never a value.
 */
public final class SecretAccountResolver implements AccountResolver {
  static final String SECRET_ID = "secretId";
  static final String SECRET_KEY = "secretKey";
  static final String TOKEN = "token";

  private record Cached(Object credentialsOrProblem, Instant until) {}

  private final KubernetesClient client;
  private final String defaultSecret;
  private final CloudCredentials fromEnvironment;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param defaultSecret "namespace/name" of the operator-wide Secret, or null
   * @param env the operator's environment (for the TENCENTCLOUD_* variables)
   */
  public SecretAccountResolver(KubernetesClient client, String defaultSecret, Map<String, String> env, Duration ttl, Clock clock) {
    this.client = client;
    this.defaultSecret = defaultSecret;
    String id = env.get("TENCENTCLOUD_SECRET_ID");
    String key = env.get("TENCENTCLOUD_SECRET_KEY");
    this.fromEnvironment = id != null && !id.isBlank() && key != null && !key.isBlank()
        ? new CloudCredentials(id.trim(), key.trim(), env.get("TENCENTCLOUD_SESSION_TOKEN")) : null;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public CloudAccount accountFor(VipPair pair) throws Unavailable {
    String region = pair.getSpec().getCloud().getRegion();
    var ref = pair.getSpec().getCloud().getCredentialsSecretRef();
    if (ref != null && ref.getName() != null) {
      return new CloudAccount(region, fromSecret(pair.getMetadata().getNamespace(), ref.getName()));
    }
    if (defaultSecret != null) {
      String[] nsName = defaultSecret.split("/", 2);
      return new CloudAccount(region, fromSecret(nsName[0], nsName[1]));
    }
    if (fromEnvironment != null) {
      return new CloudAccount(region, fromEnvironment);
    }
    throw new Unavailable("NoCredentials", "the pair names no spec.cloud.credentialsSecretRef and the operator has no default"
        + " credentials; create a Secret with keys secretId and secretKey and name it in spec.cloud.credentialsSecretRef,"
        + " or start the operator with --cloud-credentials-secret");
  }

  private CloudCredentials fromSecret(String namespace, String name) throws Unavailable {
    String key = namespace + "/" + name;
    Instant now = clock.instant();
    Cached hit = cache.get(key);
    if (hit == null || now.isAfter(hit.until())) {
      hit = new Cached(read(namespace, name), now.plus(ttl));
      cache.put(key, hit);
    }
    if (hit.credentialsOrProblem() instanceof Unavailable problem) {
      throw new Unavailable(problem.reason(), problem.getMessage());
    }
    return (CloudCredentials) hit.credentialsOrProblem();
  }

  private Object read(String namespace, String name) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      return new Unavailable("CredentialsSecretUnreadable", "cannot read Secret " + namespace + "/" + name + " (HTTP "
          + e.getCode() + "); give the operator's service account get on secrets in " + namespace);
    }
    if (secret == null) {
      return new Unavailable("CredentialsSecretMissing", "Secret " + namespace + "/" + name
          + " does not exist; create it with keys secretId and secretKey (and token for STS credentials)");
    }
    String id = value(secret, SECRET_ID);
    String secretKey = value(secret, SECRET_KEY);
    if (id == null || secretKey == null) {
      return new Unavailable("CredentialsSecretInvalid", "Secret " + namespace + "/" + name + " has no usable key "
          + (id == null ? SECRET_ID : SECRET_KEY) + "; it needs keys secretId and secretKey with non-empty values");
    }
    return new CloudCredentials(id, secretKey, value(secret, TOKEN));
  }

  private static String value(Secret secret, String key) {
    String plain = secret.getStringData() == null ? null : secret.getStringData().get(key);
    if (plain == null && secret.getData() != null && secret.getData().get(key) != null) {
      try {
        plain = new String(Base64.getDecoder().decode(secret.getData().get(key).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return plain == null || plain.isBlank() ? null : plain.trim();
  }
}
