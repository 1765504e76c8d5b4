package io.vippair.operator.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.mockapi.MockApiServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets are read from fabric8's mock API server (no kube-apiserver can run here). */
class CredentialsResolverTest {
  private static MockApiServer server;
  private static KubernetesClient client;
  private final AtomicLong now = new AtomicLong();

  @BeforeAll
  static void start() {
    server = MockApiServer.start();
    client = server.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("db").endMetadata().build()).create();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void putSecret(String ns, String name, Map<String, String> values) {
    Map<String, String> data = new java.util.HashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret s = new SecretBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withData(data).build();
    client.secrets().inNamespace(ns).resource(s).createOr(r -> r.update());
  }

  private CredentialsResolver resolver(CredentialsResolver.DefaultSource defaults) {
    return new CredentialsResolver(client, defaults, Duration.ofSeconds(30), now::get);
  }

  @Test
  void readsThePairsSecretAndCachesItForTheTtl() throws Exception {
    putSecret("db", "tencent-api", Map.of("secretId", "AKIDone", "secretKey", "key-one\n", "token", "tok-one"));
    CredentialsResolver resolver = resolver(new CredentialsResolver.DefaultSource.None());

    CloudCredentials first = resolver.resolve("db", "tencent-api");
    assertThat(first).isEqualTo(new CloudCredentials("AKIDone", "key-one", "tok-one"));

    putSecret("db", "tencent-api", Map.of("secretId", "AKIDtwo", "secretKey", "key-two"));
    now.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(resolver.resolve("db", "tencent-api")).isEqualTo(first);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(resolver.resolve("db", "tencent-api")).isEqualTo(new CloudCredentials("AKIDtwo", "key-two", null));
  }

  @Test
  void aMissingSecretOrKeyNamesItAndTheFix() {
    putSecret("db", "half", Map.of("secretId", "AKIDhalf", "secretKey", "  "));
    CredentialsResolver resolver = resolver(new CredentialsResolver.DefaultSource.None());

    assertThatThrownBy(() -> resolver.resolve("db", "nope"))
        .isInstanceOfSatisfying(CredentialsException.class, e -> {
          assertThat(e.kind()).isEqualTo(CloudException.Kind.AUTH);
          assertThat(e.errorCode()).isEqualTo("SecretNotFound");
          assertThat(e.getMessage()).contains("db/nope").contains("kubectl -n db create secret generic nope");
        });
    assertThatThrownBy(() -> resolver.resolve("db", "half"))
        .isInstanceOfSatisfying(CredentialsException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("SecretKeyMissing");
          assertThat(e.getMessage()).contains("db/half").contains("no key 'secretKey'").doesNotContain("AKIDhalf");
        });
    assertThatThrownBy(() -> resolver.resolve("db", null))
        .isInstanceOfSatisfying(CredentialsException.class,
            e -> assertThat(e.getMessage()).contains("spec.cloud.credentialsSecretRef").contains("--cloud-credentials-secret"));
  }

  @Test
  void fallsBackToTheOperatorDefault() throws Exception {
    putSecret("vippair-system", "tencent-api", Map.of("secretId", "AKIDdefault", "secretKey", "default-key"));
    CredentialsResolver fromSecret = resolver(CredentialsResolver.defaultSource(null, "vippair-system/tencent-api", Map.of()));
    assertThat(fromSecret.resolve("db", null).secretId()).isEqualTo("AKIDdefault");
    putSecret("db", "own", Map.of("secretId", "AKIDown", "secretKey", "own-key"));
    assertThat(fromSecret.resolve("db", "own").secretId()).as("the pair's own Secret wins").isEqualTo("AKIDown");

    CredentialsResolver fromEnv = resolver(CredentialsResolver.defaultSource(null, null, Map.of(
        "TENCENTCLOUD_SECRET_ID", "AKIDenv", "TENCENTCLOUD_SECRET_KEY", "env-key", "TENCENTCLOUD_SESSION_TOKEN", "env-tok")));
    assertThat(fromEnv.resolve("db", null)).isEqualTo(new CloudCredentials("AKIDenv", "env-key", "env-tok"));
  }

  @Test
  void badDefaultsAreRejectedByName() {
    assertThatThrownBy(() -> CredentialsResolver.defaultSource(null, "just-a-name", Map.of()))
        .hasMessageContaining("--cloud-credentials-secret").hasMessageContaining("namespace/name");
    assertThatThrownBy(() -> CredentialsResolver.defaultSource("profile", null, Map.of()))
        .hasMessageContaining("--cloud-credentials 'profile'");
    assertThatThrownBy(() -> CredentialsResolver.defaultSource(null, null, Map.of("TENCENTCLOUD_SECRET_ID", "AKID")))
        .hasMessageContaining("TENCENTCLOUD_SECRET_KEY is not set");
    assertThat(CredentialsResolver.defaultSource("oidc", null, Map.of()))
        .isEqualTo(new CredentialsResolver.DefaultSource.Oidc(null));
    assertThat(CredentialsResolver.defaultSource(null, null, Map.of("TENCENTCLOUD_SECRET_ID", "AKID",
        "TENCENTCLOUD_SECRET_KEY", "hidden-key")).toString()).doesNotContain("hidden-key");
  }

  @Test
  void oidcWithoutTheTkeEnvironmentSaysWhatIsMissing() {
    // the TKE_* variables are not set in tests; the STS exchange itself is untested (it needs HTTPS to STS)
    CredentialsResolver resolver = resolver(new CredentialsResolver.DefaultSource.Oidc("127.0.0.1:1"));
    assertThatThrownBy(() -> resolver.resolve("db", null))
        .isInstanceOfSatisfying(CredentialsException.class, e -> {
          assertThat(e.errorCode()).isEqualTo("StsFailed");
          assertThat(e.getMessage()).contains("TKE_ROLE_ARN");
        });
  }
}
