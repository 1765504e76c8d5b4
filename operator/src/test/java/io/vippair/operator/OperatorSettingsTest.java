package io.vippair.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vippair.operator.cloud.tencent.CloudActions;
import io.vippair.operator.cloud.tencent.CloudEndpoint;
import io.vippair.operator.cloud.CredentialsResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  private static OperatorSettings parse(List<String> args, Map<String, String> env) throws Exception {
    return OperatorSettings.parse(args, env);
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    OperatorSettings s = parse(List.of(), Map.of("HOSTNAME", "op-host"));
    assertThat(s.kubeconfig()).isNull();
    assertThat(s.namespaces()).isEmpty();
    assertThat(s.labelSelector()).isNull();
    assertThat(s.resyncPeriod()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.probeDeadline()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.agentLeaseNamespace()).isEqualTo("vippair-system");
    assertThat(s.cloud().endpoint().form()).isEqualTo(CloudEndpoint.Form.PUBLIC);
    assertThat(s.cloudCredentials()).isInstanceOf(CredentialsResolver.DefaultSource.None.class);
    assertThat(s.metricsPort()).isEqualTo(8080);
    assertThat(s.leaderElection()).isTrue();
    assertThat(s.leaderElectionNamespace()).isEqualTo("vippair-system");
    assertThat(s.identity()).isEqualTo("op-host");
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheDefault() throws Exception {
    Map<String, String> env = Map.of("VIPPAIR_NAMESPACES", "a,b", "VIPPAIR_RESYNC_PERIOD", "30s",
        "POD_NAME", "op-0", "POD_NAMESPACE", "ops", "VIPPAIR_CLOUD_ENDPOINT", "http://127.0.0.1:18080");
    OperatorSettings s = parse(List.of("--namespaces", "c", "--probe-deadline=500ms",
        "--rate-limit-migrate-private-ip-address", "20", "--leader-election", "false"), env);
    assertThat(s.namespaces()).containsExactly("c");
    assertThat(s.resyncPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.probeDeadline()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.identity()).isEqualTo("op-0");
    assertThat(s.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(s.leaderElection()).isFalse();
    assertThat(s.cloud().endpoint().hostFor("ap-guangzhou")).isEqualTo("127.0.0.1:18080");
    assertThat(s.cloud().rateLimits()).containsEntry(CloudActions.MIGRATE, 20.0);
    assertThat(parse(List.of("--cloud-credentials-secret", "ops/tencent-api"), Map.of()).cloudCredentials())
        .isEqualTo(new CredentialsResolver.DefaultSource.FromSecret("ops", "tencent-api"));
  }

  @Test
  void badInputNamesTheFlagAndTheFix() {
    assertThatThrownBy(() -> parse(List.of("--resync-period", "soon"), Map.of()))
        .hasMessageContaining("--resync-period").hasMessageContaining("10s");
    assertThatThrownBy(() -> parse(List.of("--resync-period", "100ms"), Map.of()))
        .hasMessageContaining("--resync-period").hasMessageContaining("out of range");
    assertThatThrownBy(() -> parse(List.of("--metrics-port", "99999"), Map.of()))
        .hasMessageContaining("--metrics-port");
    assertThatThrownBy(() -> parse(List.of("--namespaces", "Bad_NS"), Map.of()))
        .hasMessageContaining("--namespaces").hasMessageContaining("lower-case");
    assertThatThrownBy(() -> parse(List.of("--leader-election", "maybe"), Map.of()))
        .hasMessageContaining("--leader-election").hasMessageContaining("true or false");
    assertThatThrownBy(() -> parse(List.of("--cloud-credentials-secret", "just-a-name"), Map.of()))
        .hasMessageContaining("namespace/name");
    assertThatThrownBy(() -> parse(List.of(), Map.of("TENCENTCLOUD_SECRET_ID", "AKIDx")))
        .hasMessageContaining("TENCENTCLOUD_SECRET_KEY");
    assertThatThrownBy(() -> parse(List.of("--cloud-credentials", "magic"), Map.of()))
        .hasMessageContaining("--cloud-credentials");
    assertThatThrownBy(() -> parse(List.of("--rate-limit-Nonsense", "5"), Map.of()))
        .hasMessageContaining("Nonsense");
    assertThatThrownBy(() -> parse(List.of("--cloud-endpoint", "ftp://x"), Map.of()))
        .hasMessageContaining("--cloud-endpoint");
    assertThatThrownBy(() -> parse(List.of("--kubeconfig", "/nonexistent/kubeconfig"), Map.of()))
        .hasMessageContaining("--kubeconfig");
    assertThatThrownBy(() -> parse(List.of("--probe-deadline"), Map.of()))
        .hasMessageContaining("--probe-deadline needs a value");
    assertThatThrownBy(() -> parse(List.of("--frobnicate", "1"), Map.of()))
        .hasMessageContaining("unknown flag '--frobnicate'");
  }

  @Test
  void usageListsEveryFlagWithItsEnvironmentVariable() {
    String usage = OperatorSettings.usage();
    for (var setting : OperatorSettings.SETTINGS.all()) {
      assertThat(usage).contains(setting.flag());
      if (setting.env() != null) {
        assertThat(usage).contains(setting.env());
      }
    }
    assertThat(usage).contains("--rate-limit-<Action>");
  }
}
