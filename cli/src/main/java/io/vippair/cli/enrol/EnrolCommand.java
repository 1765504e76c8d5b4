package io.vippair.cli.enrol;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vippair.cli.Kube;
import io.vippair.cli.UsageError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * vippair enrol: many VMs' agent identities from one file. For each VM it applies the objects of
 * {@link AgentIdentity} (create or update; bindings of namespaces no longer listed are deleted),
 * requests a token that expires (TokenRequest), and writes DIR/MEMBER.kubeconfig with the
 * address the VMs use (--server) and the cluster's CA. Running it again renews every token: that
 * is the rotation. The whole file is checked first; a bad entry changes nothing.
 */
public final class EnrolCommand {
  public static final String DEFAULT_OUT = "enrolled";
  static final String SERVER = "^https://[A-Za-z0-9.\\-\\[\\]:]+(:[0-9]{1,5})?/?$";
  static final String LEGACY_SECRET_SUFFIX = "-token";

  /** What the command line asked for. */
  public record Options(Path file, String server, Duration ttl, Path outDir, Path certificateAuthority, boolean dryRun) {}

  private EnrolCommand() {}

  /** Checks the flags and the whole file; returns the VMs, or throws/prints what to fix. */
  static List<Vm> read(Options o, PrintStream err) {
    if (o.server() == null || !o.server().matches(SERVER)) {
      throw new UsageError("--server " + (o.server() == null ? "is required" : o.server() + " is not an https:// address")
          + ": give the API server's address as the VMs reach it, e.g. --server https://10.0.0.5:6443 (the cluster's intranet endpoint)");
    }
    String text;
    try {
      text = Files.readString(o.file());
    } catch (IOException e) {
      throw new UsageError("cannot read --file " + o.file() + " (" + e.getClass().getSimpleName() + "): give the VMs file"
          + " (one entry per VM: - {member: cvm-a, namespaces: [db]})");
    }
    EnrolFile.Result parsed = EnrolFile.parse(o.file().toString(), text);
    if (!parsed.problems().isEmpty()) {
      parsed.problems().forEach(p -> err.println("vippair enrol: " + p));
      throw new UsageError("nothing enrolled: fix the " + parsed.problems().size() + " problem"
          + (parsed.problems().size() == 1 ? "" : "s") + " above in " + o.file() + " and run it again");
    }
    return parsed.vms();
  }

  public static int run(Options o, Supplier<Kube> connect, PrintStream out, PrintStream err, Clock clock) {
    List<Vm> vms = read(o, err);
    String caFromFlag = o.certificateAuthority() == null ? null : readCa(o.certificateAuthority());
    if (o.dryRun()) {
      List<String> docs = new ArrayList<>();
      for (Vm vm : vms) {
        AgentIdentity.objects(vm).forEach(obj -> docs.add(Serialization.asYaml(obj).replaceFirst("^---\\n", "")));
        err.println(vm.member() + ": would request a token for " + TokenTtl.format(o.ttl()) + " and write "
            + o.outDir().resolve(vm.member() + ".kubeconfig"));
      }
      out.print(String.join("---\n", docs));
      err.println("dry run: " + vms.size() + " VM" + (vms.size() == 1 ? "" : "s") + " checked, nothing changed");
      return 0;
    }
    try (Kube kube = connect.get()) {
      KubernetesClient k = kube.client();
      String ca = caFromFlag != null ? caFromFlag : clusterCa(k, kube.url());
      checkNamespaces(vms, call(kube, "list namespaces", () -> k.namespaces().list().getItems().stream()
          .map(n -> n.getMetadata().getName()).collect(java.util.stream.Collectors.toSet())), o.file(), err);
      Map<String, List<HasMetadata>> existing = call(kube, "list the agents' bindings", () -> existingBindings(k));
      prepareOut(o.outDir());
      List<String> index = new ArrayList<>(List.of("member\taddress\tnamespaces\ttokenExpires\tkubeconfig"));
      Instant shortest = null;
      int done = 0;
      for (Vm vm : vms) {
        try {
          Instant expires = enrolOne(k, vm, existing.getOrDefault(vm.member(), List.of()), o, ca, clock, out);
          shortest = shortest == null || expires.isBefore(shortest) ? expires : shortest;
          index.add(String.join("\t", vm.member(), vm.address() == null ? "" : vm.address(),
              vm.allNamespaces() ? "all" : String.join(",", vm.namespaces()), expires.toString(),
              o.outDir().resolve(vm.member() + ".kubeconfig").toString()));
          done++;
        } catch (KubernetesClientException e) {
          err.println("vippair enrol: " + vm.member() + " (line " + vm.line() + "): the API server at " + kube.url()
              + " refused or failed (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ", " : "") + Kube.oneLine(e) + ")");
          err.println("vippair enrol: enrolled " + done + " of " + vms.size() + " VMs; fix that and run it again"
              + " (it is idempotent: enrolled VMs only get new tokens)");
          writeIndex(o.outDir(), index);
          return 1;
        }
      }
      writeIndex(o.outDir(), index);
      if (shortest != null && shortest.isBefore(clock.instant().plus(o.ttl()).minus(Duration.ofMinutes(5)))) {
        err.println("note: the API server granted tokens until " + shortest + ", shorter than --token-ttl "
            + TokenTtl.format(o.ttl()) + " (its --service-account-max-token-expiration): rotate before then");
      }
      out.println("enrolled " + done + " VM" + (done == 1 ? "" : "s") + "; kubeconfigs and enrolment.tsv in " + o.outDir()
          + "; run this again before " + shortest + " to renew the tokens");
      return 0;
    }
  }

  private static Instant enrolOne(KubernetesClient k, Vm vm, List<HasMetadata> bindingsNow, Options o, String ca, Clock clock,
      PrintStream out) {
    List<HasMetadata> wanted = AgentIdentity.objects(vm);
    for (HasMetadata obj : wanted) {
      k.resource(obj).unlock().createOr(NonDeletingOperation::update);
    }
    Set<String> keep = new HashSet<>();
    wanted.forEach(w -> keep.add(key(w)));
    List<String> removed = new ArrayList<>();
    for (HasMetadata old : bindingsNow) {
      if (!keep.contains(key(old))) {
        k.resource(old).delete();
        removed.add(old.getMetadata().getNamespace() == null ? "cluster-wide" : old.getMetadata().getNamespace());
      }
    }
    TokenRequest asked = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(o.ttl().toSeconds()).endSpec().build();
    TokenRequest granted = k.serviceAccounts().inNamespace(AgentIdentity.AGENT_NAMESPACE).withName(vm.serviceAccount()).tokenRequest(asked);
    if (granted == null || granted.getStatus() == null || granted.getStatus().getToken() == null) {
      throw new KubernetesClientException("the TokenRequest for " + vm.serviceAccount() + " came back without a token");
    }
    Instant expires = granted.getStatus().getExpirationTimestamp() == null
        ? clock.instant().plus(o.ttl()) : Instant.parse(granted.getStatus().getExpirationTimestamp());
    Path file = o.outDir().resolve(vm.member() + ".kubeconfig");
    writeSecretFile(file, AgentKubeconfig.render(vm, o.server().replaceAll("/+$", ""), ca, granted.getStatus().getToken(), expires));
    boolean legacy = k.secrets().inNamespace(AgentIdentity.AGENT_NAMESPACE).withName(vm.serviceAccount() + LEGACY_SECRET_SUFFIX).get() != null;
    out.println(vm.member() + ": " + (vm.allNamespaces() ? "all namespaces" : "namespaces " + String.join(",", vm.namespaces()))
        + (removed.isEmpty() ? "" : " (unbound from " + String.join(",", removed) + ")")
        + ", token until " + expires + ", " + file
        + (legacy ? "; its long-lived token Secret " + AgentIdentity.AGENT_NAMESPACE + "/" + vm.serviceAccount() + LEGACY_SECRET_SUFFIX
            + " still works: delete it once the VM runs with the new kubeconfig" : ""));
    return expires;
  }

  /** A binding in a namespace that does not exist would fail halfway through the fleet: check them all first. */
  private static void checkNamespaces(List<Vm> vms, Set<String> existing, Path file, PrintStream err) {
    if (!existing.contains(AgentIdentity.AGENT_NAMESPACE)) {
      throw new UsageError("namespace " + AgentIdentity.AGENT_NAMESPACE + " does not exist: apply the agents' cluster objects"
          + " first (kubectl apply -k deploy/agent/cluster)");
    }
    List<String> problems = new ArrayList<>();
    for (Vm vm : vms) {
      vm.namespaces().stream().filter(ns -> !existing.contains(ns)).forEach(ns -> problems.add(file + " line " + vm.line()
          + ": namespaces: " + ns + " does not exist in the cluster: create it, or correct the name"));
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("vippair enrol: " + p));
      throw new UsageError("nothing enrolled: fix the " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " above");
    }
  }

  /** Every binding of every enrolled agent, by member: one list per kind instead of one per VM. */
  private static Map<String, List<HasMetadata>> existingBindings(KubernetesClient k) {
    Map<String, List<HasMetadata>> byMember = new HashMap<>();
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(k.rbac().roleBindings().inAnyNamespace().withLabel(AgentIdentity.AGENT_LABEL).list().getItems());
    all.addAll(k.rbac().clusterRoleBindings().withLabel(AgentIdentity.AGENT_LABEL).list().getItems());
    for (HasMetadata b : all) {
      String member = b.getMetadata().getLabels().get(AgentIdentity.AGENT_LABEL);
      byMember.computeIfAbsent(member, m -> new ArrayList<>()).add(b);
    }
    return byMember;
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /**
   * The CA the VMs must trust: the cluster's own (ConfigMap kube-root-ca.crt, which every namespace
   * has), else the one in the admin's kubeconfig.
   */
  private static String clusterCa(KubernetesClient k, String url) {
    ConfigMap root = k.configMaps().inNamespace(AgentIdentity.AGENT_NAMESPACE).withName("kube-root-ca.crt").get();
    if (root != null && root.getData() != null && root.getData().get("ca.crt") != null) {
      return root.getData().get("ca.crt");
    }
    Config c = k.getConfiguration();
    try {
      if (c.getCaCertData() != null && !c.getCaCertData().isBlank()) {
        return new String(java.util.Base64.getDecoder().decode(c.getCaCertData().trim()), StandardCharsets.UTF_8);
      }
      if (c.getCaCertFile() != null) {
        return Files.readString(Path.of(c.getCaCertFile()));
      }
    } catch (IOException | IllegalArgumentException e) {
      // fall through to the message below
    }
    throw new UsageError("no CA certificate for the VMs' kubeconfigs: " + url + " has no ConfigMap "
        + AgentIdentity.AGENT_NAMESPACE + "/kube-root-ca.crt and the kubeconfig names none: pass --certificate-authority FILE (PEM)");
  }

  private static String readCa(Path file) {
    try {
      String pem = Files.readString(file);
      if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
        throw new UsageError("--certificate-authority " + file + " holds no PEM certificate: give the cluster's CA (ca.crt)");
      }
      return pem;
    } catch (IOException e) {
      throw new UsageError("cannot read --certificate-authority " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static void prepareOut(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UsageError("cannot create --out " + dir + " (" + e.getClass().getSimpleName() + "): give a writable directory");
    }
  }

  /** Written with mode 0600 from the start (it holds a credential), then moved into place. */
  private static void writeSecretFile(Path file, String content) {
    try {
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UsageError("cannot write " + file + " (" + e.getClass().getSimpleName() + "): give a writable --out directory");
    }
  }

  private static void writeIndex(Path dir, List<String> lines) {
    try {
      Files.writeString(dir.resolve("enrolment.tsv"), String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UsageError("cannot write " + dir.resolve("enrolment.tsv") + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static <T> T call(Kube kube, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw new UsageError("cannot " + what + " at " + kube.url() + " (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ", " : "")
          + Kube.oneLine(e) + "): your user needs to create ServiceAccounts, Roles, RoleBindings, ClusterRoleBindings and"
          + " serviceaccounts/token (cluster admin), and deploy/agent/cluster applied");
    }
  }
}
