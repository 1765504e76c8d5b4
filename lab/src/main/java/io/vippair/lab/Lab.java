package io.vippair.lab;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.CloudMode;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.FailoverPolicy;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.HaVipSpec;
import io.vippair.api.v1alpha1.HealthCheckSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Phase;
import io.vippair.api.v1alpha1.TcpCheck;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.api.v1alpha1.VrrpSpec;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import io.vippair.mockapi.MockApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole end-to-end lab on one machine: the network ({@link LabNetwork}), the mock Kubernetes
 * API and the cloud emulator embedded here, a node agent with real keepalived per CVM namespace,
 * the operator replicas as processes, a stand-in TCP service for health checks, and a pinging
 * client per VIP. Everything is removed by {@link #close()}, also when start-up fails half way and
 * when the JVM is stopped (shutdown hook).
 */
public final class Lab implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lab.class);
  static final String VPC_ID = "vpc-vpl00001";
  static final String SUBNET_ID = "subnet-vpl00001";
  static final String REGION = "ap-guangzhou";
  static final String SYSTEM_NAMESPACE = "vippair-system";
  static final String OPERATOR_LEASE = "vippair-operator";
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  /** How long a reset waits for the pairs before it restarts keepalived where they are stuck. */
  static final Duration REPAIR_AFTER = Duration.ofSeconds(30);
  /** How long a lab waits for another one on the same machine to finish (a whole test suite). */
  static final Duration LOCK_WAIT = Duration.ofMinutes(15);
  // fabric8's mock web server logs every request through java.util.logging; held here so the
  // level sticks (JUL keeps loggers weakly)
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_WEB_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  final Topology topology;
  final LabOptions options;
  final Timeline timeline = new Timeline();
  private final LabNetwork network;
  private final VpcRouter router;
  private final Map<String, ChildProcess> agents = new LinkedHashMap<>();
  private final Map<String, ChildProcess> services = new LinkedHashMap<>();
  private final Map<String, ChildProcess> operators = new LinkedHashMap<>();
  private final Map<String, PingProber> probers = new LinkedHashMap<>();
  /** CVMs the lab powered off (reset powers them on; a CVM whose agent merely stopped only gets its agent back). */
  private final java.util.Set<String> poweredOff = new java.util.LinkedHashSet<>();
  /** VipPairs a scenario added beyond the topology's (reset deletes them). */
  private final java.util.Set<String> extraPairs = new java.util.LinkedHashSet<>();
  private MockApiServer api;
  private CloudEmulator cloud;
  /** Plays the VPC learning HAVIP bindings from the gratuitous ARP the router hears (HAVIP topologies only). */
  private GarpSniffer garpSniffer;
  /** Only the sniffer's thread uses these two. */
  private String missing;
  private long missingUntil;
  private final java.util.concurrent.atomic.AtomicReference<String> missNextAnnouncementOf =
      new java.util.concurrent.atomic.AtomicReference<>();
  private PairWatch watch;
  private CloudCalls cloudCalls;
  private Path kubeconfig;
  private LabHeartbeats heartbeats;
  private Thread shutdownHook;
  private LabLock lock;
  private volatile boolean closed;

  private Lab(Topology topology, LabOptions options) {
    this.topology = topology;
    this.options = options;
    this.network = new LabNetwork(topology);
    this.router = new VpcRouter(topology);
  }

  /** Builds and starts everything, and waits until every pair is Ready with its VIP answering pings. */
  public static Lab start(Topology topology, LabOptions options) {
    Preflight.check();
    options.requireJars();
    LabLock lock = LabLock.acquire(LOCK_WAIT);
    Lab lab = new Lab(topology, options);
    lab.lock = lock;
    lab.shutdownHook = new Thread(lab::close, "lab-teardown");
    Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
    try {
      lab.boot();
      return lab;
    } catch (RuntimeException | Error e) {
      lab.dumpLogs();
      lab.close();
      throw e;
    }
  }

  private void boot() {
    Instant t0 = Instant.now();
    prepareWorkDir();
    // we hold the machine's lab lock: any lab namespaces now are a dead lab's leftovers
    int removed = LabNetwork.removeLeftovers(topology);
    if (removed > 0) {
      log.warn("removed {} namespaces a lab that died left behind", removed);
    }
    network.create();
    api = MockApiServer.start(Topology.HOST_IP, 0);
    try {
      kubeconfig = api.writeKubeconfig(options.workDir().resolve("kubeconfig"));
    } catch (IOException e) {
      throw new LabException("cannot write the lab's kubeconfig under " + options.workDir() + ": " + e.getMessage(), e);
    }
    installAgentJar();
    heartbeats = LabHeartbeats.create(options.workDir(), options.operators());
    // on the host end of the lab's network, not loopback: the seed's vip.py (cutover) calls it from a CVM
    cloud = CloudEmulator.start(EmulatorConfig.defaults().withHost(Topology.HOST_IP)
        .withTaskDelay(options.migrationDelay(), options.migrationDelay()));
    seedCloud();
    cloud.onOwnershipChange((vpcId, ip, eniId) -> ownershipChanged(ip, eniId));
    startGarpWatcher();
    cloudCalls = new CloudCalls(cloud, timeline);
    watch = new PairWatch(api.client(), Topology.NAMESPACE, timeline);
    for (Topology.Pair p : topology.pairs()) {
      api.client().resource(vipPair(p)).create();
    }
    for (Topology.Cvm c : topology.cvms()) {
      startService(c.name());
      startAgent(c.name());
    }
    for (int i = 1; i <= options.operators(); i++) {
      startOperator("op-" + i);
    }
    for (Topology.Pair p : topology.pairs()) {
      probers.put(p.name(), PingProber.start(topology.clientNs(), p.vip()));
    }
    awaitAllReady(READY_TIMEOUT);
    log.info("lab ready in {} ms: {} pairs, {} CVMs, {} operator replicas", Duration.between(t0, Instant.now()).toMillis(),
        topology.pairs().size(), topology.cvms().size(), options.operators());
  }

  private void prepareWorkDir() {
    try {
      deleteRecursively(options.workDir());
      Files.createDirectories(options.workDir());
    } catch (IOException e) {
      throw new LabException("cannot prepare the lab's directory " + options.workDir() + ": " + e.getMessage(), e);
    }
  }

  private void seedCloud() {
    cloud.addVpc(VPC_ID, REGION, "10.77.0.0/16");
    cloud.addSubnet(SUBNET_ID, VPC_ID, Topology.CVM_SUBNET);
    for (Topology.Cvm c : topology.cvms()) {
      cloud.addEni(c.eniId(), SUBNET_ID, c.instanceId(), c.ip());
    }
    // as in a real account: each VIP already is a secondary IP of one member's ENI, or an HAVIP
    // bound to it (as after its first master announced it)
    for (Topology.Pair p : topology.pairs()) {
      String eni = topology.cvm(p.memberA()).eniId();
      if (p.haVip()) {
        cloud.addHaVip(p.haVipId(), SUBNET_ID, p.vip());
        cloud.claimHaVip(p.vip(), eni);
      } else {
        cloud.addPrivateIp(eni, p.vip());
      }
      router.route(p.vip(), eni);
    }
  }

  private void startGarpWatcher() {
    List<String> haVips = topology.pairs().stream().filter(Topology.Pair::haVip).map(Topology.Pair::vip).toList();
    if (haVips.isEmpty()) {
      return;
    }
    if (Cmd.tryRun("sh", "-c", "command -v tcpdump").exitCode() != 0) {
      throw new LabException("the HAVIP pair needs tcpdump (the router hears gratuitous ARP with it): apt-get install tcpdump");
    }
    garpSniffer = GarpSniffer.start(topology.routerNs(), java.util.Set.copyOf(haVips), this::heard);
  }

  /**
   * One gratuitous ARP the router heard: the VPC claims the HAVIP for the ENI with that MAC, unless
   * the lab makes it miss this ENI's next announcement (every packet of one burst, 500 ms).
   */
  private void heard(GarpSniffer.Announcement a, long nanos) {
    Optional<String> eni = cloud.eniWithMac(a.mac());
    if (eni.isEmpty()) {
      return;
    }
    String pair = topology.pairByVip(a.ip()).map(Topology.Pair::name).orElse(null);
    String who = topology.cvmByEni(eni.get()).map(Topology.Cvm::name).orElse(eni.get());
    if (eni.get().equals(missNextAnnouncementOf.get())) {
      missNextAnnouncementOf.set(null);
      missing = eni.get();
      missingUntil = nanos + 500_000_000L;
      timeline.add(Timeline.Kind.LAB, pair, "VPC: missed " + who + "'s announcement of " + a.ip());
    }
    if (eni.get().equals(missing) && nanos < missingUntil) {
      return;
    }
    String outcome = cloud.claimHaVip(a.ip(), eni.get());
    if (!"ALREADY_BOUND".equals(outcome)) {
      log.info("{} announced by {} on {}: {}", a.ip(), who, a.dev(), outcome);
    }
  }

  /** Mode HaVip: the VPC misses the next announcement from this CVM (null: misses nothing). */
  void missNextAnnouncementOf(String cvm) {
    missNextAnnouncementOf.set(cvm == null ? null : topology.cvm(cvm).eniId());
  }

  private void ownershipChanged(String ip, String eniId) {
    router.route(ip, eniId);
    String pair = topology.pairByVip(ip).map(Topology.Pair::name).orElse(null);
    String who = eniId == null ? "nobody" : topology.cvmByEni(eniId).map(Topology.Cvm::name).orElse(eniId);
    timeline.add(Timeline.Kind.OWNERSHIP, pair, "cloud: " + ip + " now on " + who + "'s ENI; router reprogrammed");
  }

  VipPair vipPair(Topology.Pair p) {
    VipPair vp = new VipPair();
    vp.getMetadata().setName(p.name());
    vp.getMetadata().setNamespace(Topology.NAMESPACE);
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloudSpec = new CloudSpec();
    cloudSpec.setRegion(REGION);
    cloudSpec.setVpcId(VPC_ID);
    if (p.haVip()) {
      cloudSpec.setMode(CloudMode.HaVip);
      cloudSpec.setHaVip(new HaVipSpec(p.haVipId(), null));
    }
    spec.setCloud(cloudSpec);
    spec.setVip(new VipSpec(p.vip()));
    FailoverSpec failover = new FailoverSpec();
    failover.setPolicy(p.policy());
    if (p.policy() == FailoverPolicy.Preferred) {
      failover.setPreferredMember(p.preferred());
      failover.setPreemptDelaySeconds(p.preemptDelaySeconds());
    }
    spec.setFailover(failover);
    VrrpSpec vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(p.vrid());
    vrrp.setAdvertIntervalMillis(options.advertIntervalMillis());
    spec.setVrrp(vrrp);
    if (p.healthPort() > 0) {
      HealthCheckSpec hc = new HealthCheckSpec();
      hc.setTcp(new TcpCheck(p.healthPort()));
      hc.setIntervalSeconds(1);
      hc.setTimeoutSeconds(1);
      hc.setFall(2);
      hc.setRise(2);
      spec.setHealthCheck(hc);
    }
    List<Member> members = new ArrayList<>();
    for (String m : p.members()) {
      Topology.Cvm c = topology.cvm(m);
      members.add(new Member(c.name(), c.instanceId(), c.eniId(), c.ip(), "eth0"));
    }
    spec.setMembers(members);
    vp.setSpec(spec);
    return vp;
  }

  // ---- processes -------------------------------------------------------------------------

  /** The JVM flags of every process the lab starts (the agents get them as JAVA_OPTS). */
  private static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m",
      "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private static List<String> java(String... jvmAndArgs) {
    var cmd = new ArrayList<String>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(List.of(jvmAndArgs));
    return cmd;
  }

  /** The agent as the packages install and start it (the launcher, a class archive per CVM). */
  private AgentInstall agentInstall() {
    return new AgentInstall(options.workDir(), options.agentJar(), JVM_FLAGS,
        topology.cvms().stream().map(Topology.Cvm::name).toList(), logDir());
  }

  /**
   * Where the agents run their jar from: a copy in the work directory, as the packages put it
   * under /opt, so that an upgrade can replace it while agents run.
   */
  Path installedAgentJar() {
    return agentInstall().jar();
  }

  /** The package's install or upgrade: the jar replaced (renamed into place), then its class archive recorded as the postinst does. */
  void installAgentJar() {
    agentInstall().install();
  }

  synchronized void startAgent(String cvm) {
    Path runDir = options.workDir().resolve("run").resolve(cvm);
    AgentInstall install = agentInstall();
    List<String> cmd = Cmd.inNetns(topology.cvmNs(cvm), install.command(List.of(
        "--member", cvm, "--kubeconfig", kubeconfig.toString(), "--run-dir", runDir.toString(),
        "--keepalived-mode", "child", "--namespaces", Topology.NAMESPACE, "--lease-namespace", SYSTEM_NAMESPACE,
        "--metrics-port", "9190", "--config", agentYaml(cvm).toString())));
    agents.put(cvm, ChildProcess.start("agent-" + cvm, cmd, install.env(cvm), logDir()));
  }

  /** The CVM's agent.yaml: the seed's notify hook, and the heartbeat to every operator replica. */
  private Path agentYaml(String cvm) {
    Path yaml = SeedScripts.install(options.workDir(), cvm);
    heartbeats.configureAgent(yaml, cvm);
    return yaml;
  }

  synchronized void startOperator(String identity) {
    List<String> cmd = new ArrayList<>(java("-jar", options.operatorJar().toString(),
        "--kubeconfig", kubeconfig.toString(), "--namespaces", Topology.NAMESPACE,
        "--cloud-endpoint", "http://" + cloud.endpoint(), "--metrics-port", "0",
        "--leader-election", "true", "--leader-election-namespace", SYSTEM_NAMESPACE, "--identity", identity,
        "--agent-lease-namespace", SYSTEM_NAMESPACE, "--probe-deadline", "1s", "--resync-period", "30s"));
    cmd.addAll(heartbeats.operatorArgs(identity));
    // the operator's only credentials: the emulator's key pair, through the environment (never on a command line)
    Map<String, String> env = Map.of("TENCENTCLOUD_SECRET_ID", cloud.secretId(), "TENCENTCLOUD_SECRET_KEY", cloud.secretKey());
    operators.put(identity, ChildProcess.start("operator-" + identity, cmd, env, logDir()));
  }

  synchronized void startService(String cvm) {
    int port = topology.pairs().stream().filter(p -> p.has(cvm) && p.healthPort() > 0).mapToInt(Topology.Pair::healthPort)
        .findFirst().orElse(0);
    if (port == 0) {
      return;
    }
    List<String> cmd = Cmd.inNetns(topology.cvmNs(cvm), List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx16m", "-cp", System.getProperty("java.class.path"),
        TcpService.class.getName(), Integer.toString(port)));
    ChildProcess service = ChildProcess.start("service-" + cvm, cmd, Map.of(), logDir());
    services.put(cvm, service);
    await().alias("the stand-in service on " + cvm + " listening on port " + port).atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50)).until(() -> service.logged("listening") || !service.alive());
  }

  /** Stops the health-checked service on the CVM (its pair's TCP check starts failing). */
  synchronized void stopService(String cvm) {
    Optional.ofNullable(services.remove(cvm)).ifPresent(ChildProcess::kill);
  }

  synchronized void killOperator(String identity) {
    Optional.ofNullable(operators.remove(identity)).ifPresent(ChildProcess::kill);
  }

  /** SIGTERM to the operator replica, as Kubernetes stops a pod; returns the process to watch it end. */
  synchronized ChildProcess terminateOperator(String identity) {
    ChildProcess p = Optional.ofNullable(operators.get(identity))
        .orElseThrow(() -> new LabException("no operator replica " + identity + " runs"));
    timeline.add(Timeline.Kind.LAB, null, "SIGTERM to operator replica " + identity);
    p.terminate();
    p.onExit().thenRun(() -> timeline.add(Timeline.Kind.LAB, null, "operator replica " + identity + " exited"));
    return p;
  }

  /** Forgets an operator replica that has exited (reset starts a new one). */
  synchronized void operatorGone(String identity) {
    ChildProcess p = operators.get(identity);
    if (p != null && !p.alive()) {
      operators.remove(identity);
    }
  }

  synchronized Optional<ChildProcess> agent(String cvm) {
    return Optional.ofNullable(agents.get(cvm));
  }

  /** SIGKILL to the CVM's agent process only: keepalived and everything else on the CVM keep running. */
  synchronized void killAgent(String cvm) {
    ChildProcess p = Optional.ofNullable(agents.remove(cvm)).orElseThrow(() -> new LabException("no agent runs on " + cvm));
    timeline.add(Timeline.Kind.LAB, null, "SIGKILL to the agent on " + cvm + " (pid " + p.pid() + ")");
    p.kill();
  }

  /**
   * Stops the CVM's agent the way its systemd unit does: SIGTERM to the agent's process only,
   * then up to TimeoutStopSec (15 s) for it to exit, then SIGKILL to it. Whether it exited by itself.
   */
  boolean stopAgent(String cvm) {
    ChildProcess p;
    synchronized (this) {
      p = Optional.ofNullable(agents.remove(cvm)).orElseThrow(() -> new LabException("no agent runs on " + cvm));
    }
    timeline.add(Timeline.Kind.LAB, null, "SIGTERM to the agent on " + cvm + " (pid " + p.pid() + ")");
    p.terminate();
    boolean exited = p.awaitExit(Duration.ofSeconds(15));
    if (!exited) {
      timeline.add(Timeline.Kind.LAB, null, "the agent on " + cvm + " did not exit within 15 s: SIGKILL");
      p.kill();
    } else {
      timeline.add(Timeline.Kind.LAB, null, "the agent on " + cvm + " exited");
    }
    return exited;
  }

  /** A JSON merge patch of one of the lab's VipPairs, as a user's kubectl patch --type=merge. */
  void patchPair(String name, String mergePatch) {
    api.client().resources(VipPair.class).inNamespace(Topology.NAMESPACE).withName(name)
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), mergePatch);
  }

  /** Adds a VipPair that is not part of the topology (reset deletes it). */
  void createExtraPair(Topology.Pair p) {
    synchronized (this) {
      extraPairs.add(p.name());
    }
    api.client().resource(vipPair(p)).create();
    timeline.add(Timeline.Kind.LAB, p.name(), "VipPair " + p.name() + " applied (VIP " + p.vip() + ", VRID " + p.vrid() + ")");
  }

  /** Deletes a VipPair the lab added and waits until it is gone (its finalizer done). */
  void deleteExtraPair(String name, Duration timeout) {
    var resource = api.client().resources(VipPair.class).inNamespace(Topology.NAMESPACE).withName(name);
    resource.delete();
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> resource.get() == null);
    } catch (ConditionTimeoutException e) {
      throw new LabException("VipPair " + name + " was not deleted within " + timeout.toSeconds() + " s (finalizer still there?):\n"
          + describe(), e);
    }
    synchronized (this) {
      extraPairs.remove(name);
    }
    timeline.add(Timeline.Kind.LAB, name, "VipPair " + name + " deleted");
  }

  /** The operator replica that holds the leader Lease now, if any. */
  Optional<String> leader() {
    Lease lease = api.client().leases().inNamespace(SYSTEM_NAMESPACE).withName(OPERATOR_LEASE).get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity()).filter(operators::containsKey);
  }

  /** Signals the CVM's keepalived: TERM to the main process (graceful), KILL to all of them (silent). */
  List<Long> signalKeepalived(String cvm, String signal) {
    List<Long> pids = NetnsProcesses.keepalived(topology.cvmNs(cvm));
    if (pids.isEmpty()) {
      throw new LabException("no keepalived runs in " + topology.cvmNs(cvm));
    }
    List<Long> targets = "KILL".equals(signal) ? pids : List.of(pids.stream().min(Comparator.naturalOrder()).orElseThrow());
    timeline.add(Timeline.Kind.LAB, null, "SIG" + signal + " keepalived on " + cvm + " (pids " + targets + ")");
    targets.forEach(pid -> NetnsProcesses.signal(pid, signal));
    return targets;
  }

  /** Forgets the router's neighbour entry for an address on a CVM's link (the next announcement there is new). */
  void forgetNeighbour(String ip, String cvm) {
    Cmd.tryRun(List.of("ip", "-n", topology.routerNs(), "neigh", "del", ip, "dev", topology.cvm(cvm).routerLink()));
  }

  /**
   * A keepalived of no pair on {@code cvm} that claims {@code vip} at once (state MASTER, its VRRP
   * peer an address nobody has): a VM outside the pair announcing the pair's HAVIP. Closing it
   * stops that keepalived (which takes the address off the interface).
   */
  AutoCloseable rogueAnnouncer(String cvm, String vip, int vrid) {
    Path dir = options.workDir().resolve("rogue-" + cvm);
    Path conf = dir.resolve("keepalived.conf");
    Path pid = dir.resolve("keepalived.pid");
    String ns = topology.cvmNs(cvm);
    try {
      Files.createDirectories(dir);
      Files.writeString(conf, """
          global_defs {
              router_id rogue-%s
              script_user root
          }
          vrrp_instance ROGUE {
              state MASTER
              interface eth0
              virtual_router_id %d
              priority 200
              advert_int 1
              unicast_src_ip %s
              unicast_peer {
                  10.77.1.250
              }
              virtual_ipaddress {
                  %s/32 dev eth0
              }
          }
          """.formatted(cvm, vrid, topology.cvm(cvm).ip(), vip));
    } catch (IOException e) {
      throw new LabException("cannot write the rogue keepalived's configuration: " + e.getMessage(), e);
    }
    Cmd.run(List.of("ip", "netns", "exec", ns, "keepalived", "-f", conf.toString(), "-p", pid.toString(),
        "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString(), "-l"));
    timeline.add(Timeline.Kind.LAB, null, "a keepalived of no pair on " + cvm + " announces " + vip);
    return () -> {
      try {
        String text = Files.exists(pid) ? Files.readString(pid).strip() : "";
        if (!text.isEmpty()) {
          NetnsProcesses.signal(Long.parseLong(text), "TERM");
        }
      } finally {
        Cmd.tryRun(List.of("ip", "-n", ns, "addr", "del", vip + "/32", "dev", "eth0"));
        timeline.add(Timeline.Kind.LAB, null, "the keepalived of no pair on " + cvm + " stopped");
      }
    };
  }

  /** The CVM loses power: its agent, keepalived and service die at once and its link goes down. */
  synchronized void powerOff(String cvm) {
    poweredOff.add(cvm);
    timeline.add(Timeline.Kind.LAB, null, cvm + " powered off (agent and keepalived SIGKILLed, link down)");
    Cmd.run(NetworkPlan.cvmLink(topology, topology.cvm(cvm), false));
    Optional.ofNullable(agents.remove(cvm)).ifPresent(ChildProcess::kill);
    Optional.ofNullable(services.remove(cvm)).ifPresent(ChildProcess::kill);
    NetnsProcesses.pids(topology.cvmNs(cvm)).forEach(pid -> NetnsProcesses.signal(pid, "KILL"));
  }

  synchronized void powerOn(String cvm) {
    Cmd.run(NetworkPlan.cvmLink(topology, topology.cvm(cvm), true));
    // a link that went down took the CVM's routes with it (re-added below), and
    // leftover VIPs of a keepalived that died without clean-up would answer for a VIP the CVM no longer holds
    Cmd.tryRun(List.of("ip", "-n", topology.cvmNs(cvm), "addr", "flush", "dev", "eth0", "scope", "global"));
    Cmd.run(List.of("ip", "-n", topology.cvmNs(cvm), "addr", "add", topology.cvm(cvm).ip() + "/24", "dev", "eth0"));
    Cmd.run(List.of("ip", "-n", topology.cvmNs(cvm), "route", "replace", "default", "via", Topology.CVM_GATEWAY));
    startService(cvm);
    startAgent(cvm);
    poweredOff.remove(cvm);
    timeline.add(Timeline.Kind.LAB, null, cvm + " powered on");
  }

  // ---- state -----------------------------------------------------------------------------

  VpcRouter router() {
    return router;
  }

  CloudEmulator cloud() {
    return cloud;
  }

  CloudCalls cloudCalls() {
    return cloudCalls;
  }

  PairWatch watch() {
    return watch;
  }

  PingProber prober(String pair) {
    return probers.get(pair);
  }

  MockApiServer api() {
    return api;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  synchronized boolean agentRunning(String cvm) {
    return agents.containsKey(cvm) && agents.get(cvm).alive();
  }

  /** The member whose ENI holds the pair's VIP in the cloud. */
  Optional<String> cloudOwner(String pair) {
    Topology.Pair p = topology.pair(pair);
    Optional<String> eni = p.haVip() ? cloud.haVipOwner(p.haVipId()) : cloud.ownerOf(VPC_ID, p.vip());
    return eni.flatMap(topology::cvmByEni).map(Topology.Cvm::name);
  }

  /** Members whose keepalived reports MASTER for the pair. */
  List<String> reportedMasters(String pair) {
    VipPairStatus s = watch.status(pair).orElse(new VipPairStatus());
    return s.getAgents().entrySet().stream().filter(e -> e.getValue().getRole() == VrrpRole.MASTER).map(Map.Entry::getKey).sorted().toList();
  }

  /** Which CVMs have the VIP on their interface right now (what keepalived did, read from the kernel). */
  List<String> vipHolders(String pair) {
    String vip = topology.pair(pair).vip();
    return topology.pair(pair).members().stream()
        .filter(m -> Cmd.tryRun("ip", "-n", topology.cvmNs(m), "-4", "-o", "addr", "show", "dev", "eth0").stdout().contains(" " + vip + "/"))
        .toList();
  }

  /** Ready by every measure: the operator says Ready, one master, the cloud agrees, the client gets answers. */
  boolean converged(String pair) {
    VipPairStatus s = watch.status(pair).orElse(null);
    if (s == null || s.getPhase() != Phase.Ready) {
      return false;
    }
    List<String> masters = reportedMasters(pair);
    Topology.Pair p = topology.pair(pair);
    boolean allReporting = p.members().stream().allMatch(m -> s.getAgents().containsKey(m));
    return allReporting && masters.size() == 1 && cloudOwner(pair).equals(Optional.of(masters.get(0)))
        && masters.get(0).equals(s.getMaster()) && s.getMigration() == null && probers.get(pair).answering();
  }

  /**
   * The VIP is where the master is, whatever the phase: one member not in {@code silent} reports MASTER, the status
   * names it, the cloud has the VIP on its ENI, no move is in flight and the client gets answers.
   * (A pair with a member the scenario left broken may rightly not be Ready.)
   */
  boolean agreeing(String pair, java.util.Set<String> silent) {
    VipPairStatus s = watch.status(pair).orElse(null);
    // a powered-off member's last report still says what it was: only the others count
    List<String> masters = reportedMasters(pair).stream().filter(m -> !silent.contains(m)).toList();
    return s != null && masters.size() == 1 && masters.get(0).equals(s.getMaster())
        && cloudOwner(pair).equals(Optional.of(masters.get(0))) && s.getMigration() == null && probers.get(pair).answering();
  }

  /** Every pair converged, except that the pairs in {@code agreeOnly} need only agree (ignoring the reports of {@code silent} members). */
  boolean allConverged(java.util.Set<String> agreeOnly, java.util.Set<String> silent) {
    return topology.pairs().stream().allMatch(p -> agreeOnly.contains(p.name()) ? agreeing(p.name(), silent) : converged(p.name()));
  }

  void awaitAllReady(Duration timeout) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100))
          .until(() -> topology.pairs().stream().allMatch(p -> converged(p.name())));
    } catch (ConditionTimeoutException e) {
      throw new LabException("the lab's pairs did not all become Ready within " + timeout.toSeconds() + " s:\n" + describe()
          + "logs: " + logDir(), e);
    }
  }

  /** One line per pair: what the operator, the agents, the cloud and the client see. */
  String describe() {
    var sb = new StringBuilder();
    for (Topology.Pair p : topology.pairs()) {
      VipPairStatus s = watch.status(p.name()).orElse(new VipPairStatus());
      sb.append(String.format("  %-6s %-12s phase=%s master=%s cloudOwner(status)=%s cloud=%s vipOn=%s ping=%s agents=%s migration=%s%n",
          p.name(), p.vip(), s.getPhase(), s.getMaster(), s.getCloudOwner(), cloudOwner(p.name()).orElse("-"),
          vipHolders(p.name()), probers.containsKey(p.name()) && probers.get(p.name()).answering() ? "ok" : "LOST",
          agentsLine(s), s.getMigration() == null ? "-" : s.getMigration().getTarget()));
    }
    return sb.toString();
  }

  private static String agentsLine(VipPairStatus s) {
    var sb = new StringBuilder("{");
    for (Map.Entry<String, AgentReport> e : s.getAgents().entrySet()) {
      sb.append(e.getKey()).append(':').append(e.getValue().getRole());
      if (Boolean.FALSE.equals(e.getValue().getHealthy())) {
        sb.append("(unhealthy)");
      }
      if (e.getValue().getConfigError() != null) {
        sb.append("(configError)");
      }
      sb.append(' ');
    }
    return sb.append('}').toString();
  }

  /**
   * Puts the lab back to a clean state between scenarios: faults and blocks removed, every CVM,
   * agent, service and operator replica running, every pair Ready.
   */
  void reset() {
    cloud.faults().clear();
    cloud.faults().migrationDelay(options.migrationDelay(), options.migrationDelay());
    router.heal();
    for (String extra : List.copyOf(extraPairs)) {
      deleteExtraPair(extra, READY_TIMEOUT);
    }
    for (Topology.Cvm c : topology.cvms()) {
      if (poweredOff.contains(c.name())) {
        powerOn(c.name());
      } else if (!agentRunning(c.name())) {
        startAgent(c.name());
      }
      if (!services.containsKey(c.name())) {
        startService(c.name());
      }
    }
    for (int i = 1; i <= options.operators(); i++) {
      String id = "op-" + i;
      synchronized (this) {
        if (operators.containsKey(id) && !operators.get(id).alive()) {
          operators.remove(id);
        }
        if (!operators.containsKey(id)) {
          startOperator(id);
        }
      }
    }
    awaitReadyOrRepair();
    // a Preferred pair whose preferred member just came back preempts after its delay: let that
    // happen now, not in the middle of the next scenario
    for (Topology.Pair p : topology.pairs()) {
      if (p.preferred() != null) {
        try {
          await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100))
              .until(() -> converged(p.name()) && reportedMasters(p.name()).equals(List.of(p.preferred())));
        } catch (ConditionTimeoutException e) {
          throw new LabException("pair " + p.name() + " did not settle on its preferred member " + p.preferred() + ":\n" + describe(), e);
        }
      }
    }
  }

  /**
   * Waits for every pair to be Ready; when some are not within REPAIR_AFTER, does what an operator
   * on call would: restarts keepalived (SIGTERM; the agent starts it again) on the members of
   * those pairs, so that a scenario that left a pair stuck (an agent that never learned its role)
   * does not fail every scenario after it.
   */
  private void awaitReadyOrRepair() {
    try {
      awaitAllReady(REPAIR_AFTER);
      return;
    } catch (LabException e) {
      log.warn("reset: not every pair Ready after {} s; restarting keepalived on their members:\n{}", REPAIR_AFTER.toSeconds(), describe());
    }
    topology.pairs().stream().filter(p -> !converged(p.name())).flatMap(p -> p.members().stream()).distinct()
        .filter(c -> !NetnsProcesses.keepalived(topology.cvmNs(c)).isEmpty())
        .forEach(c -> signalKeepalived(c, "TERM"));
    awaitAllReady(READY_TIMEOUT);
  }

  Path logDir() {
    return options.workDir().resolve("logs");
  }

  /** Prints the last lines of every process's log (after a failure). */
  void dumpLogs() {
    List<ChildProcess> all;
    synchronized (this) {
      all = Stream.concat(agents.values().stream(), operators.values().stream()).toList();
    }
    for (ChildProcess p : all) {
      List<String> tail = p.tail();
      System.err.println("----- last " + Math.min(60, tail.size()) + " log lines of " + p.name() + " (" + p.logFile() + ")");
      tail.subList(Math.max(0, tail.size() - 60), tail.size()).forEach(System.err::println);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    probers.values().forEach(quietly(PingProber::close));
    synchronized (this) {
      // SIGTERM: each agent stops its keepalived on the way out
      var all = new ArrayList<ChildProcess>(operators.values());
      all.addAll(agents.values());
      all.addAll(services.values());
      quietly(ChildProcess::closeAll).accept(all);
    }
    if (garpSniffer != null) {
      quietly(GarpSniffer::close).accept(garpSniffer);
    }
    if (cloudCalls != null) {
      cloudCalls.close();
    }
    if (watch != null) {
      quietly(PairWatch::close).accept(watch);
    }
    if (cloud != null) {
      quietly(CloudEmulator::close).accept(cloud);
    }
    if (api != null) {
      quietly(MockApiServer::close).accept(api);
    }
    // whatever survived (a keepalived whose agent was killed) dies with its namespace
    for (String ns : NetworkPlan.namespaces(topology)) {
      NetnsProcesses.pids(ns).forEach(pid -> NetnsProcesses.signal(pid, "KILL"));
    }
    network.destroy();
    if (!options.keepFiles()) {
      try {
        deleteRecursively(options.workDir());
      } catch (IOException e) {
        log.warn("could not remove {}: {}", options.workDir(), e.getMessage());
      }
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
    if (lock != null) {
      lock.close();
    }
    log.info("lab removed");
  }

  private static <T> java.util.function.Consumer<T> quietly(java.util.function.Consumer<T> action) {
    return t -> {
      try {
        action.accept(t);
      } catch (RuntimeException e) {
        log.warn("tear-down step failed: {}", e.toString());
      }
    };
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
