package io.vippair.cli.enrol;

import java.time.Instant;
import java.util.Base64;

/** The kubeconfig a VM's agent reads: the address the VMs reach the API server at, its CA, the agent's token. */
final class AgentKubeconfig {
  private AgentKubeconfig() {}

  static String render(Vm vm, String server, String caPem, String token, Instant expires) {
    String ca = Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return """
        # vippair agent %1$s: install as /etc/vippair/kubeconfig (mode 0600) on that VM.
        # The token expires at %2$s: run vippair enrol again before then and copy the new file over
        # this one; the agent reads it again by itself (no restart).
        apiVersion: v1
        kind: Config
        clusters:
        - name: vippair
          cluster:
            server: %3$s
            certificate-authority-data: %4$s
        users:
        - name: %5$s
          user:
            token: "%6$s"
        contexts:
        - name: vippair
          context:
            cluster: vippair
            user: %5$s
        current-context: vippair
        """.formatted(vm.member(), expires, server, ca, vm.serviceAccount(), token);
  }
}
