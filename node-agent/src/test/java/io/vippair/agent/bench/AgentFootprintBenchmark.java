package io.vippair.agent.bench;

import static io.vippair.agent.lab.Netns.in;
import static io.vippair.agent.lab.Netns.sh;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.agent.TestPairs;
import io.vippair.agent.lab.Netns;
import io.vippair.agent.lab.PairVersions;
import io.vippair.api.v1alpha1.Contract;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.mockapi.MockApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Footprint of one node agent with N pairs: start → first report, start → all reports, resident
 * memory and idle CPU of the agent JVM (and of keepalived, separately). Needs root (a network
 * namespace with a veth, so keepalived accepts the interfaces). See docs/performance.md.
 *
 * <pre>
 * ./mvnw -B -q -pl node-agent -am test-compile
 * java -cp "$(cat node-agent/target/test-classpath.txt)" io.vippair.agent.bench.AgentFootprintBenchmark [pairs] [idleSeconds]
 * </pre>
 */
public final class AgentFootprintBenchmark {
  /** The JVM flags the systemd unit uses too (deploy/agent/vippair-agent.service). */
  public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k",
      "-Xms8m", "-Xmx32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:MaxMetaspaceSize=64m",
      "-XX:ReservedCodeCacheSize=16m", "-XX:MaxDirectMemorySize=8m", "-XX:CICompilerCount=1");

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    String reason = Netns.unavailableReason();
    if (reason != null) {
      System.err.println("cannot run: " + reason);
      System.exit(2);
    }
    String tag = Integer.toHexString(new Random().nextInt(0x10000));
    int subnet = 1 + new Random().nextInt(250);
    String ns = "vpag-" + tag + "-bench";
    String hostLink = "vpag-" + tag + "-hbn";
    String apiHost = "10.201." + subnet + ".17";
    Path work = Files.createTempDirectory("vpag-bench");
    Process agent = null;
    try (MockApiServer server = startNetworkAndServer(ns, hostLink, subnet, apiHost)) {
      KubernetesClient client = server.client();
      for (int i = 1; i <= pairs; i++) {
        VipPair p = TestPairs.pair("bench", "pair-" + i, i, "10.201." + subnet + "." + (100 + i),
            new Member("bench", "ins-aaaaaaaa", "eni-aaaaaaaa", "10.201." + subnet + ".1", "v0"),
            new Member("peer", "ins-bbbbbbbb", "eni-bbbbbbbb", "10.201." + subnet + ".2", "v0"));
        p.getMetadata().setGeneration(null);
        client.resource(p).create();
      }
      Path kubeconfig = server.writeKubeconfig(work.resolve("kubeconfig"));
      // -Dbench.java=packaging/target/stage/opt/vippair/runtime/bin/java measures the package's own runtime
      List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns,
          System.getProperty("bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())));
      command.addAll(JVM_FLAGS);
      command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
      command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
      String extra = System.getProperty("bench.jvmFlags", "");
      if (!extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
      // -Dbench.jar=node-agent/target/vippair-node-agent.jar measures the shipped jar (needed for AppCDS archives)
      command.addAll(List.of("-cp", System.getProperty("bench.jar", System.getProperty("java.class.path")), "io.vippair.agent.Main",
          "--member", "bench", "--kubeconfig", kubeconfig.toString(), "--run-dir", work.resolve("run").toString(),
          "--metrics-port", "9190"));
      var firstSeen = new java.util.concurrent.atomic.AtomicLong(-1);
      var allSeen = new java.util.concurrent.CountDownLatch(1);
      var reported = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
      long t0 = System.nanoTime();
      // a watch, not polling: polling the mock would steal the CPU being measured
      var watcher = PairVersions.watch(server.newClient(), "bench", p -> {
        if (p.getStatus() != null && p.getStatus().getAgents() != null && p.getStatus().getAgents().containsKey("bench")) {
          firstSeen.compareAndSet(-1, System.nanoTime());
          reported.add(p.getMetadata().getName());
          if (reported.size() == pairs) {
            allSeen.countDown();
          }
        }
      });
      var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("agent.log").toFile());
      // glibc gives each thread its own malloc arena; two are plenty for the agent (the unit sets the same)
      builder.environment().put("MALLOC_ARENA_MAX", "2");
      agent = builder.start();
      allSeen.await(60, java.util.concurrent.TimeUnit.SECONDS);
      long all = allSeen.getCount() == 0 ? (System.nanoTime() - t0) / 1_000_000 : -1;
      // wall time depends on how busy the machine is; the CPU the agent needed to get there does not
      long startupTicks = cpuTicks(agent.pid());
      long first = firstSeen.get() < 0 ? -1 : (firstSeen.get() - t0) / 1_000_000;
      watcher.stop();
      System.out.printf("pairs=%d start->first report=%d ms, start->all %d reports=%d ms, agent CPU until then %d ms, load average %s%n",
          pairs, first, pairs, all, startupTicks * 10, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
      long keepalivedPid = Long.parseLong(Files.readString(work.resolve("run/keepalived.pid")).strip());
      Thread.sleep(20_000); // settle: JIT, first GCs, lease renewals
      long pid = agent.pid();
      long ticksBefore = cpuTicks(pid);
      long kaTicksBefore = cpuTicks(keepalivedPid) + cpuTicks(vrrpChild(work));
      Thread.sleep(idleSeconds * 1000L);
      long ticks = cpuTicks(pid) - ticksBefore;
      long kaTicks = cpuTicks(keepalivedPid) + cpuTicks(vrrpChild(work)) - kaTicksBefore;
      double hz = 100.0; // USER_HZ on Linux
      System.out.printf("agent idle CPU over %d s: %.2f %% of one core (%d ticks)%n", idleSeconds, 100.0 * ticks / hz / idleSeconds, ticks);
      System.out.printf("agent RSS: %s (anonymous %s, file-backed %s: the JVM's shared libraries and CDS archive), peak %s, threads %s%n",
          status(pid, "VmRSS"), status(pid, "RssAnon"), status(pid, "RssFile"), status(pid, "VmHWM"), status(pid, "Threads"));
      if (extra.contains("NativeMemoryTracking")) {
        System.out.println(sh(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "VM.native_memory", "summary"));
      }
      System.out.printf("keepalived (parent + VRRP child) idle CPU: %.2f %%, RSS %s + %s%n", 100.0 * kaTicks / hz / idleSeconds,
          status(keepalivedPid, "VmRSS"), status(vrrpChild(work), "VmRSS"));
    } finally {
      if (agent != null) {
        agent.destroy();
        agent.waitFor();
      }
      Netns.destroy(ns);
      Netns.deleteLink(hostLink);
      System.out.println("agent log: " + work.resolve("agent.log"));
    }
  }

  private static MockApiServer startNetworkAndServer(String ns, String hostLink, int subnet, String apiHost) {
    sh("ip", "netns", "add", ns);
    in(ns, "ip", "link", "set", "lo", "up");
    in(ns, "ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1");
    in(ns, "ip", "addr", "add", "10.201." + subnet + ".1/28", "dev", "v0");
    in(ns, "ip", "link", "set", "v0", "up");
    in(ns, "ip", "link", "set", "v1", "up");
    sh("ip", "link", "add", hostLink, "type", "veth", "peer", "name", hostLink + "p");
    sh("ip", "link", "set", hostLink + "p", "netns", ns);
    in(ns, "ip", "link", "set", hostLink + "p", "name", "api0");
    sh("ip", "addr", "add", apiHost + "/30", "dev", hostLink);
    sh("ip", "link", "set", hostLink, "up");
    in(ns, "ip", "addr", "add", "10.201." + subnet + ".18/30", "dev", "api0");
    in(ns, "ip", "link", "set", "api0", "up");
    return MockApiServer.start(apiHost, 0);
  }

  private static long vrrpChild(Path work) throws Exception {
    return Long.parseLong(Files.readString(work.resolve("run/keepalived-vrrp.pid")).strip());
  }

  /** utime + stime from /proc/PID/stat. */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static String status(long pid, String field) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field + ":"))
        .map(l -> l.substring(field.length() + 1).strip()).findFirst().orElse("?");
  }
}
