package io.vippair.lab;

import io.vippair.common.BuildInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar lab/target/vippair-lab.jar COMMAND}:
 *
 * <ul>
 *   <li>{@code demo [--keep]}: three pairs, a master killed, the failover shown live, a summary;
 *   <li>{@code scenario NAME|all}: run scenarios and print their timelines;
 *   <li>{@code bench}: the failover scenarios N times each against their floor ({@link Bench});
 *   <li>{@code up}: start the lab and keep it running for kubectl until Ctrl-C;
 *   <li>{@code down}: remove whatever an earlier lab left behind.
 * </ul>
 */
public final class Main {
  private Main() {}

  static final String USAGE = """
      usage: java -jar lab/target/vippair-lab.jar COMMAND [options]
        demo [--keep]          run the lab, kill a master, show the failover live; --keep leaves it running
        scenario NAME|all      run scenarios (%s)
        bench [--advert-ms MS] [--repeat N] [--scenarios A,B]
                               run the failover bench (poweroff, keepalived-kill, graceful-stop, shared-enis,
                               leader-dies-then-poweroff, shared-enis-batched, or the comma-separated ones
                               named) N times each
                               (default 3); appends to lab/target/lab-bench.tsv
        bench --advert-ms MS --idle-minutes M
                               leave the bench's pairs alone for M minutes and count false failovers
                               (lab/target/lab-idle.tsv)
        up                     start the lab and keep it running (Ctrl-C stops and removes it)
        down                   remove namespaces, processes and routes an earlier lab left behind
        --version, --help      the lab's version, this text
      options:
        --work-dir DIR         kubeconfig, run dirs and logs (default /tmp/vippair-lab)
        --keep-files           leave the work directory (logs, keepalived.conf) after the lab stops
        --migration-delay MS   how long the emulated cloud takes to move a VIP (default 1000)
      """;

  public static void main(String[] args) {
    // before any logger exists: the demo's output is its table and timeline, not the lab's log
    if (args.length > 0 && "demo".equals(args[0])) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", "error");
    try {
      System.exit(run(Arrays.asList(args)));
    } catch (LabSetupException e) {
      System.err.println("vippair-lab: " + e.getMessage());
      System.exit(2);
    } catch (LabException e) {
      System.err.println("vippair-lab: " + e.getMessage());
      System.exit(1);
    }
  }

  private static final List<String> COMMANDS = List.of("demo", "scenario", "bench", "up", "down");

  static int run(List<String> args) {
    if (args.contains("--help") || args.contains("-h")) {
      System.out.print(USAGE.formatted(String.join(", ", Scenarios.NAMES)));
      return 0;
    }
    if (args.equals(List.of("--version"))) {
      System.out.println("vippair-lab " + BuildInfo.version());
      return 0;
    }
    if (args.isEmpty()) {
      throw new LabSetupException("give a command: demo, scenario NAME|all, bench, up or down; run with --help");
    }
    String command = args.get(0);
    if (command.startsWith("-")) {
      throw new LabSetupException("unknown flag '" + command + "': the command comes first (demo, scenario, bench, up or down); run with --help");
    }
    if (!COMMANDS.contains(command)) {
      throw new LabSetupException("unknown command '" + command + "'; use demo, scenario, bench, up or down; run with --help");
    }
    List<String> rest = new ArrayList<>(args.subList(1, args.size()));
    LabOptions options = LabOptions.defaults();
    String workDir = option(rest, "--work-dir");
    if (workDir != null) {
      options = options.withWorkDir(Path.of(workDir));
    }
    String delay = option(rest, "--migration-delay");
    if (delay != null) {
      options = options.withMigrationDelay(Duration.ofMillis(parseMillis("--migration-delay", delay)));
    }
    String advert = command.equals("bench") ? option(rest, "--advert-ms") : null;
    if (advert != null) {
      long ms = parseMillis("--advert-ms", advert);
      if (ms < 100 || ms % 10 != 0) {
        throw new LabSetupException("--advert-ms '" + advert + "': give a multiple of 10 ms from 100 (keepalived's"
            + " VRRPv3 resolution is centiseconds), e.g. --advert-ms 200");
      }
      options = options.withAdvertInterval((int) ms);
    }
    int repeat = 3;
    int idleMinutes = 0;
    List<String> benchScenarios = Bench.SCENARIOS;
    if (command.equals("bench")) {
      String only = option(rest, "--scenarios");
      if (only != null) {
        benchScenarios = Bench.parseScenarios(only);
      }
      String n = option(rest, "--repeat");
      if (n != null) {
        repeat = parseCount("--repeat", n, 100, "a number of runs");
      }
      String idle = option(rest, "--idle-minutes");
      if (idle != null) {
        idleMinutes = parseCount("--idle-minutes", idle, 120, "minutes");
      }
    }
    boolean keep = command.equals("demo") && rest.remove("--keep");
    if (rest.remove("--keep-files")) {
      options = options.withKeepFiles(true);
    }
    for (String left : rest) {
      if (left.startsWith("-")) {
        throw new LabSetupException("unknown flag '" + left + "' for " + command + "; run with --help");
      }
    }
    if (command.equals("scenario")) {
      if (rest.size() != 1) {
        throw new LabSetupException("scenario needs one name: " + String.join(", ", Scenarios.NAMES) + ", or all");
      }
      if (!rest.get(0).equals("all") && !Scenarios.NAMES.contains(rest.get(0))) {
        throw new LabSetupException("no scenario '" + rest.get(0) + "'; scenarios: " + String.join(", ", Scenarios.NAMES) + ", or all");
      }
    } else if (!rest.isEmpty()) {
      throw new LabSetupException("unexpected argument '" + rest.get(0) + "' for " + command + "; run with --help");
    }
    // what the user must fix is said before anything starts or prints
    if (command.equals("down")) {
      Preflight.checkRoot();
    } else {
      Preflight.check();
      options.requireJars();
    }
    switch (command) {
      case "down" -> {
        try (LabLock lock = LabLock.tryAcquire().orElseThrow(() -> new LabSetupException(
            "a lab is running on this machine (" + LabLock.holder() + "): stop that process; it removes everything itself"))) {
          int removed = LabNetwork.removeLeftovers(Topology.standard());
          System.out.println(removed == 0 ? "nothing to remove" : "removed " + removed + " lab namespaces and their processes");
        }
        return 0;
      }
      case "up" -> {
        return up(options);
      }
      case "demo" -> {
        return Demo.run(options, keep);
      }
      case "bench" -> {
        return idleMinutes > 0 ? Bench.idle(options, idleMinutes) : Bench.run(options, repeat, benchScenarios);
      }
      default -> {
        return Scenarios.runFromCommandLine(options, rest.get(0));
      }
    }
  }

  private static int up(LabOptions options) {
    Lab lab = Lab.start(Topology.standard(), options);
    System.out.println("lab is up:\n" + lab.describe());
    System.out.println("try: kubectl --kubeconfig " + lab.kubeconfig() + " get vp -A");
    System.out.println("logs: " + lab.logDir() + "; Ctrl-C stops the lab and removes everything");
    CountDownLatch forever = new CountDownLatch(1);
    try {
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    if (i < 0) {
      return null;
    }
    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
      throw new LabSetupException(name + " needs a value; run with --help");
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return value;
  }

  private static int parseCount(String flag, String value, int max, String what) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new LabSetupException(flag + " '" + value + "': give " + what + " from 1 to " + max + ", e.g. " + flag + " 3");
    }
  }

  private static long parseMillis(String flag, String value) {
    try {
      long ms = Long.parseLong(value);
      if (ms < 0 || ms > 60_000) {
        throw new NumberFormatException();
      }
      return ms;
    } catch (NumberFormatException e) {
      throw new LabSetupException(flag + " '" + value + "': give milliseconds from 0 to 60000, e.g. " + flag + " 1000");
    }
  }
}
