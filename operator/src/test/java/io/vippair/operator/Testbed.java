package io.vippair.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.DeletionPolicy;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpSpec;
import io.vippair.emulator.CloudEmulator;
import io.vippair.emulator.EmulatorConfig;
import io.vippair.mockapi.MockApiServer;
import io.vippair.operator.cloud.CloudModes;
import io.vippair.operator.cloud.CredentialsResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real parts the operator talks to, on loopback: the mock Kubernetes API (fabric8's CRUD mock
 * with the VipPair CRD; no kube-apiserver can run here), the cloud emulator reached by the real
 * tencentcloud-sdk-java through the Tencent cloud mode ({@code CloudModes}), and simulated node agents. Pair i has
 * members a-i and b-i with ENIs {@link #eniA}/{@link #eniB}; the cloud starts with its VIP on a-i.
 */
final class Testbed implements AutoCloseable {
  static final String NAMESPACE = "db";
  static final String LEASE_NAMESPACE = "vippair-system";
  static final String REGION = "ap-guangzhou";
  static final String VPC = "vpc-test0001";
  static final String SUBNET = "subnet-test0001";

  // the mock logs every request at INFO through java.util.logging; that costs more than the request
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver.MockWebServer");

  final MockApiServer api;
  final CloudEmulator cloud;
  final KubernetesClient client;
  final AgentSimulator agents;
  private final List<AutoCloseable> operators = new ArrayList<>();
  private boolean vpcSeeded;

  private Testbed(EmulatorConfig emulatorConfig) {
    api = MockApiServer.start();
    cloud = CloudEmulator.start(emulatorConfig);
    client = api.client();
    agents = new AgentSimulator(newClient(), LEASE_NAMESPACE);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  static Testbed start() {
    return new Testbed(EmulatorConfig.defaults());
  }

  static Testbed start(EmulatorConfig emulatorConfig) {
    return new Testbed(emulatorConfig);
  }

  static String member(String side, int pair) { return side + "-" + pair; }

  static String eniA(int pair) { return String.format("eni-a%07d", pair); }

  static String eniB(int pair) { return String.format("eni-b%07d", pair); }

  static String name(int pair) { return "pair-" + pair; }

  /** 10.x.y.z: three addresses per pair (two primaries and the VIP). */
  static String ip(int pair, int which) {
    int k = pair * 3 + which + 16;
    return "10." + (k >> 16 & 0xff) + "." + (k >> 8 & 0xff) + "." + (k & 0xff);
  }

  static String vip(int pair) { return ip(pair, 2); }

  /** Pairs [from, from+count) in the cloud: two ENIs each, the VIP on ENI a when vipOnA. */
  Testbed seedCloud(int from, int count, boolean vipOnA) {
    if (!vpcSeeded) {
      cloud.addVpc(VPC, REGION, "10.0.0.0/8");
      cloud.addSubnet(SUBNET, VPC, "10.0.0.0/8");
      vpcSeeded = true;
    }
    for (int i = from; i < from + count; i++) {
      cloud.addEni(eniA(i), SUBNET, String.format("ins-a%07d", i), ip(i, 0));
      cloud.addEni(eniB(i), SUBNET, String.format("ins-b%07d", i), ip(i, 1));
      if (vipOnA) {
        cloud.addPrivateIp(eniA(i), vip(i));
      }
    }
    return this;
  }

  static VipPair pairObject(int i) {
    var spec = new VipPairSpec();
    var cloudSpec = new CloudSpec();
    cloudSpec.setRegion(REGION);
    cloudSpec.setVpcId(VPC);
    spec.setCloud(cloudSpec);
    spec.setVip(new VipSpec(vip(i)));
    spec.setFailover(new FailoverSpec());
    var vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(i % 255 + 1);
    spec.setVrrp(vrrp);
    spec.setMembers(new ArrayList<>(List.of(
        new Member(member("a", i), String.format("ins-a%07d", i), eniA(i), ip(i, 0), "eth0"),
        new Member(member("b", i), String.format("ins-b%07d", i), eniB(i), ip(i, 1), "eth0"))));
    spec.setDeletionPolicy(DeletionPolicy.Retain);
    var pair = new VipPair();
    pair.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name(i)).build());
    pair.setSpec(spec);
    return pair;
  }

  VipPair create(VipPair pair) {
    return client.resource(pair).create();
  }

  VipPair get(int i) {
    return client.resources(VipPair.class).inNamespace(NAMESPACE).withName(name(i)).get();
  }

  /** Both members' Leases and reports: a MASTER, b BACKUP (the usual start). */
  void agentsUp(int i, int leaseSeconds) {
    VipPair pair = get(i);
    agents.renewLease(member("a", i), leaseSeconds);
    agents.renewLease(member("b", i), leaseSeconds);
    agents.report(pair, member("a", i), io.vippair.api.v1alpha1.VrrpRole.MASTER);
    agents.report(pair, member("b", i), io.vippair.api.v1alpha1.VrrpRole.BACKUP);
  }

  /** An independent client in HTTP/1.1, as Main makes for http:// servers (h2c breaks on large lists). */
  KubernetesClient newClient() {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(api.clientConfig()).withHttp2Disable(true).build())
        .build();
  }

  /** Operator flags for tests: emulator endpoint, short resync, no leader election unless asked. */
  List<String> flags(String identity, Duration resync, boolean leaderElection) {
    return List.of("--cloud-endpoint", "http://" + cloud.endpoint(), "--resync-period", resync.toMillis() + "ms",
        "--identity", identity, "--leader-election", String.valueOf(leaderElection),
        "--leader-election-namespace", LEASE_NAMESPACE, "--agent-lease-namespace", LEASE_NAMESPACE,
        "--metrics-host", "127.0.0.1", "--metrics-port", "0");
  }

  /** The operator's environment: the emulator's account as the default credentials. */
  Map<String, String> env() {
    return Map.of("TENCENTCLOUD_SECRET_ID", cloud.secretId(), "TENCENTCLOUD_SECRET_KEY", cloud.secretKey());
  }

  Running startOperator(String identity, Duration resync, boolean leaderElection) {
    return startOperator(flags(identity, resync, leaderElection), new SimpleMeterRegistry());
  }

  /** An operator in this JVM, on its own API client, as a separate process would be. */
  Running startOperator(List<String> flags, MeterRegistry registry) {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(flags, env());
    } catch (io.vippair.common.config.BadSetting e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    KubernetesClient own = newClient();
    var port = CloudModes.create(settings.cloud(), registry);
    var accounts = new CredentialsResolver(own, settings.cloudCredentials());
    var operator = new VipPairOperator(own, port, accounts, settings, registry, Clock.systemUTC(), false);
    Running running = new Running(operator, own, registry);
    operators.add(running);
    operator.start();
    return running;
  }

  /** A started operator and what a test looks at. */
  record Running(VipPairOperator operator, KubernetesClient client, MeterRegistry registry) implements AutoCloseable {
    long reconciles() {
      var timer = registry.find("vippair.reconcile").timer();
      return timer == null ? 0 : timer.count();
    }

    @Override
    public void close() {
      operator.close();
      client.close();
    }
  }

  void stop(Running running) {
    operators.remove(running);
    running.close();
  }

  @Override
  public void close() {
    for (AutoCloseable op : operators) {
      try {
        op.close();
      } catch (Exception e) {
        // closing everything anyway
      }
    }
    agents.close();
    cloud.close();
    api.close();
  }
}
