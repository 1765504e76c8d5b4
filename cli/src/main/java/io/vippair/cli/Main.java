package io.vippair.cli;

import io.vippair.api.v1alpha1.VipPair;
import io.vippair.cli.enrol.EnrolCommand;
import io.vippair.cli.enrol.TokenTtl;
import io.vippair.cli.imports.ImportCommand;
import io.vippair.cli.imports.PairMapper;
import io.vippair.cli.imports.TencentEniLookup;
import io.vippair.common.BuildInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vippair command, also installed as kubectl-vippair (kubectl runs "kubectl vippair ARGS" as
 * "kubectl-vippair ARGS"). Exit status: 0 done, 1 the command found a problem (an invalid file, a
 * pair it could not import, a switchover refused, failed or not answered in time), 2 something the user must fix first: a flag, an argument, a file, the
 * kubeconfig, a cluster that cannot be reached or refuses, a pair that does not exist (one line
 * naming what to fix, as the operator and the agent do).
 */
public final class Main {
  static final String USAGE = """
      vippair: see and check the fleet of VipPairs (also kubectl vippair ...)

      Commands:
        status [NS/NAME]                 the fleet table, or one pair: members' reports, conditions, events
        why NS/NAME                      the operator's last decision and the rule of docs/operator-decision.md behind it
        validate FILE...                 the API server's schema and CEL checks, offline
        import DIR|FILE... [--region R] [--vpc-id V] [--out DIR] [--cloud-endpoint E]
                                         VipPair YAML from seed-era keepalived.conf, vip.py, check_self.sh
        enrol --file VMS.yaml --server https://HOST:6443 [--out DIR] [--token-ttl 720h] [--certificate-authority CA.pem] [--dry-run]
                                         agent identities and kubeconfigs for many VMs; run again to renew their tokens
        heartbeat-key --member M --master-key-file F
                                         prints member M's heartbeat key (agent.yaml heartbeat.keyFile) from the operator's master key
        pause NS/NAME [--reason TEXT]    the operator makes no cloud change for the pair, and says what it would do
        resume NS/NAME                   the operator acts again, on the state it finds then
        switchover NS/NAME [--to MEMBER] [--make-before-break] [--wait] [--timeout D]
                                         move the VIP on purpose (to the member that is not master unless --to);
                                         --wait prints the outcome and the measured time (timeout 120s)

      Cluster flags (status, why, pause, resume, switchover, enrol): --kubeconfig PATH (else KUBECONFIG, else ~/.kube/config),
        --context NAME, -n/--namespace NS (else the context's), -A/--all-namespaces (status)
      --help, --version
      Exit status: 0 done, 1 a problem found (an invalid file, a pair not imported, a switchover refused, failed
        or not answered in time), 2 fix what the one line says
        (a flag, an argument, a file, the kubeconfig, the cluster's address or your access, the pair's name).
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err, Clock.systemUTC()));
  }

  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    try {
      if (args.isEmpty()) {
        throw new UsageError("give a command: status, why, pause, resume, validate, import or enrol (vippair --help)");
      }
      if (args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
        out.print(USAGE);
        return 0;
      }
      if (args.get(0).equals("--version") || args.get(0).equals("version")) {
        out.println("vippair " + BuildInfo.version());
        return 0;
      }
      String command = args.get(0);
      List<String> rest = args.subList(1, args.size());
      return switch (command) {
        case "status" -> status(Args.parse(command, rest, Set.of(), Set.of()), env, out, clock);
        case "why" -> why(Args.parse(command, rest, Set.of(), Set.of()), env, out, clock);
        case "validate" -> {
          Args a = Args.parse(command, rest, Set.of(), Set.of());
          yield a.has("--help") ? help(out, "validate FILE...: checks each VipPair in the files as the API server would on create")
              : ValidateCommand.run(a.positional(), out, err);
        }
        case "import" -> importPairs(Args.parse(command, rest, Set.of("--region", "--vpc-id", "--out", "--cloud-endpoint"), Set.of()), env, out, err);
        case "enrol", "enroll" -> enrol(Args.parse(command, rest,
            Set.of("--file", "--server", "--token-ttl", "--certificate-authority", "--out"), Set.of("--dry-run")), env, out, err, clock);
        case "heartbeat-key" -> HeartbeatKeyCommand.run(Args.parse(command, rest, Set.of("--member", "--master-key-file"), Set.of()), out);
        case "pause" -> pause(Args.parse(command, rest, Set.of("--reason"), Set.of()), env, out, true);
        case "resume" -> pause(Args.parse(command, rest, Set.of(), Set.of()), env, out, false);
        case "switchover" -> {
          Args a = Args.parse(command, rest, Set.of("--to", "--timeout"), Set.of("--wait", "--make-before-break"));
          yield a.has("--help") ? help(out, "switchover NS/NAME [--to MEMBER] [--make-before-break] [--wait] [--timeout D]: a planned switchover")
              : SwitchoverCommand.run(a, env, out, clock);
        }
        default -> throw new UsageError("unknown " + (command.startsWith("-") ? "flag" : "command") + " '" + command + "': use status, why, pause, resume, switchover, validate, import, enrol or heartbeat-key (vippair --help)");
      };
    } catch (UsageError e) {
      err.println("vippair: " + e.getMessage());
      return 2;
    }
  }

  private static int status(Args a, Map<String, String> env, PrintStream out, Clock clock) {
    if (a.has("--help")) {
      return help(out, "status [NS/NAME] [-n NS | -A]: the fleet table, or one pair in detail");
    }
    if (a.positional().size() > 1) {
      throw new UsageError("status takes at most one pair: vippair status [NS/NAME]");
    }
    try (Kube kube = Kube.connect(a, env)) {
      if (a.positional().isEmpty()) {
        boolean all = a.has("--all-namespaces");
        List<VipPair> pairs = kube.pairs(all);
        if (pairs.isEmpty()) {
          out.println("No VipPairs in " + (all ? "any namespace" : "namespace " + kube.namespace()) + ".");
        } else {
          out.print(StatusView.fleet(pairs, all, clock.instant()));
        }
        return 0;
      }
      PairRef ref = PairRef.parse(a.positional().get(0), kube.namespace());
      VipPair pair = kube.pair(ref);
      out.print(StatusView.describe(pair, kube.events(ref), clock.instant()));
      return 0;
    }
  }

  private static int why(Args a, Map<String, String> env, PrintStream out, Clock clock) {
    if (a.has("--help")) {
      return help(out, "why NS/NAME: the operator's last decision for the pair and the rules behind it");
    }
    if (a.positional().size() != 1) {
      throw new UsageError("why takes one pair: vippair why NS/NAME");
    }
    try (Kube kube = Kube.connect(a, env)) {
      PairRef ref = PairRef.parse(a.positional().get(0), kube.namespace());
      VipPair pair = kube.pair(ref);
      out.print(WhyView.explain(pair, kube.events(ref), DecisionRules.shipped(), clock.instant()));
      return 0;
    }
  }

  /** Sets spec.paused (and the reason) with a merge patch: a spec change, so the operator sees it at once. */
  private static int pause(Args a, Map<String, String> env, PrintStream out, boolean paused) {
    String verb = paused ? "pause" : "resume";
    if (a.has("--help")) {
      return help(out, paused ? "pause NS/NAME [--reason TEXT]: no cloud change for the pair until resumed"
          : "resume NS/NAME: the operator acts on the pair again");
    }
    if (a.positional().size() != 1) {
      throw new UsageError(verb + " takes one pair: vippair " + verb + " NS/NAME");
    }
    String reason = a.value("--reason");
    if (reason != null && reason.length() > 256) {
      throw new UsageError("--reason is " + reason.length() + " characters: the VipPair keeps at most 256 (spec.pauseReason)");
    }
    try (Kube kube = Kube.connect(a, env)) {
      PairRef ref = PairRef.parse(a.positional().get(0), kube.namespace());
      VipPair pair = kube.setPaused(ref, paused, reason);
      out.println("VipPair " + ref + (paused ? " paused" + (reason == null ? "" : " (" + reason + ")")
          + ": the operator makes no cloud change for it and reports what it would do in its Paused condition"
          : " resumed: the operator acts on its current state now")
          + " (generation " + pair.getMetadata().getGeneration() + ")");
      return 0;
    }
  }

  private static int importPairs(Args a, Map<String, String> env, PrintStream out, PrintStream err) {
    if (a.has("--help")) {
      return help(out, "import DIR|FILE... [--region R] [--vpc-id V] [--out DIR] [--cloud-endpoint E] [-n NS]");
    }
    String region = a.value("--region");
    if (region != null && !region.matches("^[a-z]{2,4}-[a-z0-9-]{2,40}$")) {
      throw new UsageError("--region " + region + " is not a region name: give one like ap-guangzhou");
    }
    String vpc = a.value("--vpc-id");
    if (vpc != null && !vpc.matches(io.vippair.api.v1alpha1.Patterns.VPC_ID)) {
      throw new UsageError("--vpc-id " + vpc + " is not a VPC id: give one like vpc-1yxuk010");
    }
    String ns = a.value("--namespace") == null ? "default" : a.value("--namespace");
    if (!ns.matches(io.vippair.api.v1alpha1.Patterns.DNS_LABEL)) {
      throw new UsageError("--namespace " + ns + " is not a namespace name: lower-case letters, digits and '-'");
    }
    TencentEniLookup cloud = null;
    String endpoint = a.value("--cloud-endpoint");
    if (endpoint != null) {
      String id = env.get("TENCENTCLOUD_SECRET_ID");
      String key = env.get("TENCENTCLOUD_SECRET_KEY");
      if (id == null || id.isBlank() || key == null || key.isBlank()) {
        throw new UsageError("--cloud-endpoint needs credentials: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY"
            + " (a key allowed DescribeNetworkInterfaces is enough)");
      }
      cloud = new TencentEniLookup(endpoint, id, key, env.get("TENCENTCLOUD_SESSION_TOKEN"));
    }
    var vms = ImportCommand.readVms(a.positional());
    return ImportCommand.run(vms, new PairMapper.Options(ns, region, vpc, cloud),
        a.value("--out") == null ? null : Path.of(a.value("--out")), out, err);
  }

  private static int enrol(Args a, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    if (a.has("--help")) {
      return help(out, "enrol --file VMS.yaml --server https://HOST:6443 [--out DIR] [--token-ttl 720h] [--certificate-authority CA.pem]"
          + " [--dry-run]: one identity, token and kubeconfig per VM of the file (docs/cli.md#enrol)");
    }
    if (a.value("--file") == null) {
      throw new UsageError("enrol needs --file VMS.yaml: one entry per VM, - {member: cvm-a, namespaces: [db], address: 10.0.1.17}");
    }
    if (!a.positional().isEmpty()) {
      throw new UsageError("enrol takes no arguments (" + a.positional().get(0) + "): the VMs are in --file");
    }
    var options = new EnrolCommand.Options(Path.of(a.value("--file")), a.value("--server"),
        TokenTtl.parse(a.value("--token-ttl") == null ? TokenTtl.DEFAULT : a.value("--token-ttl")),
        Path.of(a.value("--out") == null ? EnrolCommand.DEFAULT_OUT : a.value("--out")),
        a.value("--certificate-authority") == null ? null : Path.of(a.value("--certificate-authority")), a.has("--dry-run"));
    return EnrolCommand.run(options, () -> Kube.connect(a, env), out, err, clock);
  }

  private static int help(PrintStream out, String line) {
    out.println("vippair " + line);
    out.print(USAGE);
    return 0;
  }
}
