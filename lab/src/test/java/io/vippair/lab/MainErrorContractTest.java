package io.vippair.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lab's command line keeps the error contract of the other programs: whatever the user must
 * fix ends with status 2 and one line on stderr naming it, before anything starts; --help prints
 * the usage and succeeds. Each case runs the real entry point in its own JVM, from a directory
 * without the built jars, so no case can start a lab or take the machine's lab lock.
 */
class MainErrorContractTest {
  static Path dir;

  @BeforeAll
  static void makeDir() throws IOException {
    // readable by everyone: the not-root case runs as nobody
    dir = Files.createTempDirectory("lab-cli", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  @AfterAll
  static void removeDir() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(List<String> prefix, String classPath, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", classPath, Main.class.getName()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
    p.getOutputStream().close();
    byte[] err = p.getErrorStream().readAllBytes();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, new String(err, StandardCharsets.UTF_8));
  }

  private static List<String> argv(String args) {
    return args.isBlank() ? List.of() : Arrays.asList(args.trim().split(" +"));
  }

  private static void assertOneLineExit2(Run r, String expected) {
    assertThat(r.exitCode()).as("exit status; stderr: %s", r.stderr()).isEqualTo(2);
    assertThat(r.stdout()).as("nothing on stdout").isEmpty();
    assertThat(r.stderr().lines().toList()).as("stderr").hasSize(1);
    assertThat(r.stderr()).startsWith("vippair-lab: ").contains(expected).doesNotContain("Exception");
  }

  /** Arguments, and what the one line must say. */
  @ParameterizedTest(name = "[{0}]")
  @CsvSource(delimiter = '|', value = {
      "                                  | give a command: demo, scenario NAME|all, up or down",
      "frobnicate                        | unknown command 'frobnicate'; use demo, scenario, bench, up or down",
      "bench --repeat 0                  | --repeat '0': give a number of runs from 1 to 100",
      "bench --advert-ms 105             | --advert-ms '105': give a multiple of 10 ms from 100",
      "bench --idle-minutes soon         | --idle-minutes 'soon': give minutes from 1 to 120",
      "bench --scenarios graceful,poweroff | --scenarios: no bench scenario 'graceful'",
      "demo --advert-ms 200              | unknown flag '--advert-ms' for demo",
      "--frobnicate demo                 | unknown flag '--frobnicate': the command comes first",
      "demo --frobnicate                 | unknown flag '--frobnicate' for demo; run with --help",
      "up --keep                         | unknown flag '--keep' for up",
      "demo extra                        | unexpected argument 'extra' for demo",
      "demo --migration-delay            | --migration-delay needs a value",
      "demo --migration-delay --keep     | --migration-delay needs a value",
      "demo --migration-delay soon       | --migration-delay 'soon': give milliseconds from 0 to 60000",
      "demo --work-dir                   | --work-dir needs a value",
      "scenario                          | scenario needs one name: ",
      "scenario no-such-scenario         | no scenario 'no-such-scenario'; scenarios: ",
      "scenario keepalived-kill extra    | scenario needs one name"})
  void badCommandLinesExitWith2AndOneLine(String args, String expected) throws Exception {
    assertOneLineExit2(run(List.of(), System.getProperty("java.class.path"), argv(args == null ? "" : args)), expected);
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() throws Exception {
    Run r = run(List.of(), System.getProperty("java.class.path"), List.of("--help"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).startsWith("usage: java -jar lab/target/vippair-lab.jar COMMAND").contains("keepalived-kill");
  }

  @Test
  void versionPrintsTheBuildsVersion() throws Exception {
    Run r = run(List.of(), System.getProperty("java.class.path"), List.of("--version"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).matches("vippair-lab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n");
  }

  @Test
  void unbuiltJarsAreNamedWithTheBuildCommand() throws Exception {
    assumeTrue(Preflight.problems().isEmpty(), "this machine cannot run a lab at all: " + Preflight.problems());
    assertOneLineExit2(run(List.of(), System.getProperty("java.class.path"), List.of("demo")),
        "vippair-node-agent.jar is missing: build it first with `./mvnw -B -q -DskipTests -pl operator,node-agent -am package`");
  }

  @Test
  void notRootIsRefusedBeforeAnythingStarts() throws Exception {
    assumeTrue(Preflight.isRoot() && Preflight.which("setpriv") != null, "needs root and setpriv to run a case as nobody");
    List<String> asNobody = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
    String classPath = readableCopy(System.getProperty("java.class.path"));
    for (String command : List.of("demo", "up", "down", "scenario all")) {
      assertOneLineExit2(run(asNobody, classPath, argv(command)), "run it as root");
    }
  }

  /** The class path, linked (or copied) under the world-readable test directory. */
  private static String readableCopy(String classPath) throws IOException {
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      Path from = Path.of(entry);
      Path to = dir.resolve("cp" + i++ + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        try (Stream<Path> tree = Files.walk(from)) {
          for (Path p : tree.toList()) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(target);
            } else {
              Files.copy(p, target);
            }
          }
        }
      } else if (Files.isRegularFile(from)) {
        try {
          Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(from, to);
        }
      } else {
        continue;
      }
      entries.add(to.toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}
