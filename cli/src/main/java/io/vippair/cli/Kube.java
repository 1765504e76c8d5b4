package io.vippair.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vippair.api.v1alpha1.VipPair;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The user's cluster, found as kubectl finds it: --kubeconfig, else the first file of KUBECONFIG,
 * else ~/.kube/config; --context, else the current context; -n, else the context's namespace,
 * else "default".
 */
public final class Kube implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String url;

  private Kube(KubernetesClient client, String namespace, String url) {
    this.client = client;
    this.namespace = namespace;
    this.url = url;
  }

  public static Kube connect(Args args, Map<String, String> env) {
    Path file = kubeconfigPath(args.value("--kubeconfig"), env);
    String contents;
    try {
      contents = Files.readString(file);
    } catch (IOException e) {
      throw new UsageError("cannot read the kubeconfig " + file + " (" + e.getClass().getSimpleName()
          + "): pass --kubeconfig PATH or set KUBECONFIG");
    }
    String context = args.value("--context");
    JsonNode kubeconfig = parse(file, contents);
    List<String> known = new java.util.ArrayList<>();
    kubeconfig.path("contexts").forEach(c -> known.add(c.path("name").asText()));
    if (context != null) {
      if (!known.contains(context)) {
        throw new UsageError("context '" + context + "' is not in the kubeconfig " + file + " (it has " + known
            + "): pick one of those with --context");
      }
    } else {
      // without a usable current context fabric8 quietly falls back to the in-cluster address
      String current = kubeconfig.path("current-context").asText("");
      if (current.isEmpty()) {
        throw new UsageError("the kubeconfig " + file + " has no current-context: pick one of " + known + " with --context");
      }
      if (!known.contains(current)) {
        throw new UsageError("the kubeconfig " + file + " has current-context '" + current + "', which is not among its contexts "
            + known + ": fix current-context or pick one with --context");
      }
    }
    Config config;
    try {
      config = Config.fromKubeconfig(args.value("--context"), contents, file.toString());
    } catch (RuntimeException e) {
      throw new UsageError("the kubeconfig " + file + " is not usable: " + oneLine(e)
          + (args.value("--context") != null ? " (is --context " + args.value("--context") + " defined in it?)" : ""));
    }
    if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
      throw new UsageError("the kubeconfig " + file + " names no server for context "
          + (args.value("--context") == null ? "(current)" : args.value("--context")) + ": pick another with --context");
    }
    String ns = args.value("--namespace");
    if (ns == null) {
      ns = config.getNamespace() == null ? "default" : config.getNamespace();
    }
    Config bounded = new ConfigBuilder(config).withRequestTimeout(10_000).withConnectionTimeout(5_000)
        .withRequestRetryBackoffLimit(1).build();
    return new Kube(new KubernetesClientBuilder().withConfig(bounded).build(), ns, config.getMasterUrl().replaceAll("/+$", ""));
  }

  private static JsonNode parse(Path file, String contents) {
    JsonNode tree;
    try {
      tree = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(contents);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UsageError("the kubeconfig " + file + " is not YAML (line " + e.getLocation().getLineNr() + ": "
          + e.getOriginalMessage().lines().findFirst().orElse("") + "): fix it or pass another with --kubeconfig");
    }
    if (tree == null || !tree.isObject() || !tree.has("clusters")) {
      throw new UsageError("the kubeconfig " + file + " is " + (tree == null || tree.isMissingNode() ? "empty" : "not a kubeconfig (no clusters)")
          + ": pass --kubeconfig PATH or set KUBECONFIG");
    }
    return tree;
  }

  static Path kubeconfigPath(String flag, Map<String, String> env) {
    if (flag != null) {
      return Path.of(flag);
    }
    String fromEnv = env.get("KUBECONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv.split(File.pathSeparator)[0]);
    }
    return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
  }

  public String namespace() {
    return namespace;
  }

  /** The client, for commands with calls of their own (enrol). */
  public KubernetesClient client() {
    return client;
  }

  /** The API server's address as the kubeconfig gives it. */
  public String url() {
    return url;
  }

  public List<VipPair> pairs(boolean allNamespaces) {
    return call("list VipPairs", () -> allNamespaces
        ? client.resources(VipPair.class).inAnyNamespace().list().getItems()
        : client.resources(VipPair.class).inNamespace(namespace).list().getItems());
  }

  public VipPair pair(PairRef ref) {
    VipPair pair = call("get VipPair " + ref, () -> client.resources(VipPair.class)
        .inNamespace(ref.namespace()).withName(ref.name()).get());
    if (pair == null) {
      throw new UsageError("VipPair " + ref + " not found at " + url
          + ": check the name with 'vippair status -n " + ref.namespace() + "'");
    }
    return pair;
  }

  /**
   * Sets spec.paused and spec.pauseReason with a JSON merge patch (only those two keys: whatever
   * else the spec holds, including fields newer than this tool, stays as it is).
   */
  public VipPair setPaused(PairRef ref, boolean paused, String reason) {
    pair(ref); // a missing pair is named as for every command
    String patch = "{\"spec\":{\"paused\":" + paused + ",\"pauseReason\":"
        + (paused && reason != null ? io.fabric8.kubernetes.client.utils.Serialization.asJson(reason) : "null") + "}}";
    return call((paused ? "pause" : "resume") + " VipPair " + ref, () -> client.resources(VipPair.class)
        .inNamespace(ref.namespace()).withName(ref.name())
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch));
  }

  /**
   * Files a planned switchover: spec.switchover = {to, nonce} with a JSON merge patch (only that
   * key; a spec change, so the operator decides the pair at once).
   */
  public VipPair requestSwitchover(PairRef ref, String to, String nonce, boolean makeBeforeBreak) {
    // mode null removes an earlier request's mode (a merge patch keeps what it does not name)
    String patch = "{\"spec\":{\"switchover\":{\"to\":" + io.fabric8.kubernetes.client.utils.Serialization.asJson(to)
        + ",\"nonce\":" + io.fabric8.kubernetes.client.utils.Serialization.asJson(nonce)
        + ",\"mode\":" + (makeBeforeBreak ? "\"MakeBeforeBreak\"" : "null") + "}}}";
    return call("file a switchover for VipPair " + ref, () -> client.resources(VipPair.class)
        .inNamespace(ref.namespace()).withName(ref.name())
        .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch));
  }

  /** The pair's events, oldest first (filtered here: not every API server indexes involvedObject). */
  public List<Event> events(PairRef ref) {
    List<Event> all = call("list events of " + ref, () -> client.v1().events().inNamespace(ref.namespace()).list().getItems());
    return all.stream()
        .filter(e -> e.getInvolvedObject() != null && ref.name().equals(e.getInvolvedObject().getName())
            && "VipPair".equals(e.getInvolvedObject().getKind()))
        .sorted(Comparator.comparing(Timeline::when))
        .toList();
  }

  private <T> T call(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 401 || e.getCode() == 403) {
        throw new UsageError("the API server at " + url + " refused to " + what + " (HTTP " + e.getCode()
            + "): your user needs get/list (and patch, to pause, resume or switch over) on vippairs.vippair.io, and list on events");
      }
      throw new UsageError("cannot " + what + " at " + url + ": " + networkReason(e)
          + ": check the cluster's address in the kubeconfig (--kubeconfig, --context) and your network path to it");
    }
  }

  /** What went wrong on the way to the API server, in the words of the fix ("ClosedChannelException" names none). */
  static String networkReason(Throwable e) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    // most specific first: a name that does not resolve also surfaces as a ConnectException
    if (chain.stream().anyMatch(t -> t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException)) {
      return "the host name does not resolve";
    }
    if (chain.stream().anyMatch(t -> t instanceof java.net.http.HttpTimeoutException || t instanceof java.net.SocketTimeoutException)) {
      return "no answer in time";
    }
    for (Throwable t : chain) {
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS failed (" + oneLine(t) + ")";
      }
    }
    if (chain.stream().anyMatch(t -> t instanceof java.net.ConnectException)) {
      return "connection refused (nothing listens there, or a firewall rejects it)";
    }
    return oneLine(e);
  }

  public static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  @Override
  public void close() {
    client.close();
  }
}
