package io.vippair.agent.lab;

import static io.vippair.agent.lab.Netns.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DaemonSet layout without Kubernetes: the restart loop of deploy/agent/daemonset/keepalived.yaml
 * (run as it is written there, with the run dir moved) starts a real keepalived 2.2.7, and an agent
 * in keepalived mode external adopts it, never starts one, and survives alongside it. No API server
 * is needed for this: the agent runs without one.
 */
class ExternalKeepalivedRootTest {
  private final String ns = "vpag-" + Integer.toHexString(new Random().nextInt(0x10000)) + "-x";
  private Path dir;
  private Process loop;
  private AgentProcess agent;

  @BeforeEach
  void setUp() throws Exception {
    String reason = Netns.unavailableReason();
    Assumptions.assumeTrue(reason == null, () -> "skipping: " + reason);
    dir = Files.createTempDirectory("vpag-external");
    sh("ip", "netns", "add", ns);
    Netns.in(ns, "ip", "link", "set", "lo", "up");
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
    if (loop != null) {
      loop.destroy();
    }
    Netns.destroy(ns);
  }

  @Test
  void theDaemonSetsLoopRunsKeepalivedAndTheAgentOnlyAdoptsIt() throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    Path script = Files.writeString(dir.resolve("loop.sh"), loopScript().replace("run=/run/vippair", "run=" + run));
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n"
        + "  cluster: {server: 'http://127.0.0.1:1'}\ncontexts:\n- name: c\n  context: {cluster: c, user: u}\n"
        + "current-context: c\nusers:\n- name: u\n  user: {token: t}\n");
    agent = AgentProcess.start(ns, "cvm-x", kubeconfig, run, dir.resolve("agent.log"), List.of("--keepalived-mode", "external"));
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(run.resolve("keepalived.conf")));
    Thread.sleep(1500);
    assertThat(agent.keepalivedPid()).as("the agent never starts keepalived in external mode").isEqualTo(-1);

    loop = new ProcessBuilder("ip", "netns", "exec", ns, "sh", script.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("loop.log").toFile()).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.log().contains("adopting keepalived pid " + agent.keepalivedPid()));

    long first = agent.keepalivedPid();
    Instant killed = Instant.now();
    sh("kill", "-KILL", Long.toString(first));
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> agent.keepalivedPid() > 0 && agent.keepalivedPid() != first && alive(agent.keepalivedPid()));
    long restartMillis = Duration.between(killed, Instant.now()).toMillis();
    System.out.println("MEASURED external mode: keepalived running again " + restartMillis + " ms after a SIGKILL (the pod's loop)");
    assertThat(restartMillis).isLessThan(2000);
    long second = agent.keepalivedPid();
    await().atMost(Duration.ofSeconds(5)).until(() -> agent.log().contains("adopting keepalived pid " + second));

    agent.kill(); // an agent crash or rollout: keepalived stays
    Thread.sleep(500);
    assertThat(alive(second)).isTrue();
    assertThat(agent.log()).doesNotContain("started keepalived pid");
  }

  /** The shell script of the vippair-keepalived container, as deploy/agent/daemonset/keepalived.yaml has it. */
  private static String loopScript() throws Exception {
    Path yaml = Path.of("..", "deploy", "agent", "daemonset", "keepalived.yaml");
    List<String> lines = Files.readAllLines(yaml);
    int start = lines.indexOf("        - |") + 1;
    StringBuilder script = new StringBuilder();
    for (int i = start; i < lines.size() && (lines.get(i).startsWith("          ") || lines.get(i).isBlank()); i++) {
      script.append(lines.get(i).length() >= 10 ? lines.get(i).substring(10) : "").append('\n');
    }
    assertThat(script).contains("keepalived.hold", "--vrrp");
    return script.toString();
  }

  private static boolean alive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
