package io.vippair.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent installed as the packages install it: the jar as {@code <home>/node-agent.jar},
 * started through the product's launcher (deploy/agent/vippair-agent.sh) with VIPPAIR_HOME, a
 * class-archive directory per CVM (VIPPAIR_CDS_DIR, the unit's /var/cache/vippair) and the lab's
 * JVM flags as JAVA_OPTS. The launcher finds no bundled runtime under the home and runs the lab's
 * own Java 17 (first on PATH), as it runs the distribution's Java after install.sh.
 *
 * <p>{@link #install()} is the package's install or upgrade: the jar replaced, then the class
 * archive recorded ({@code vippair-agent record-class-archive}, what the postinst runs). The lab's
 * CVMs share one installation, so the archive is recorded once and put into every CVM's directory:
 * the same jar, Java and flags would record the same archive on each.
 */
final class AgentInstall {
  private static final Logger log = LoggerFactory.getLogger(AgentInstall.class);
  static final String LAUNCHER = "deploy/agent/vippair-agent.sh";
  private static final long TRAINING_TIMEOUT_SECONDS = 120;

  private final Path workDir;
  private final Path builtJar;
  private final List<String> jvmFlags;
  private final List<String> cvms;
  private final Path logDir;

  AgentInstall(Path workDir, Path builtJar, List<String> jvmFlags, List<String> cvms, Path logDir) {
    this.workDir = workDir;
    this.builtJar = builtJar;
    this.jvmFlags = List.copyOf(jvmFlags);
    this.cvms = List.copyOf(cvms);
    this.logDir = logDir;
  }

  Path home() {
    return workDir.resolve("opt");
  }

  Path jar() {
    return home().resolve("node-agent.jar");
  }

  Path cdsDir(String cvm) {
    return workDir.resolve("cds").resolve(cvm);
  }

  static Path launcher() {
    return LabOptions.findUpwards(LAUNCHER);
  }

  /** The launcher's command line for the agent with these arguments. */
  List<String> command(List<String> args) {
    var cmd = new ArrayList<String>(List.of("sh", launcher().toString()));
    cmd.addAll(args);
    return cmd;
  }

  /** The environment the agent's unit would give it, on the CVM. */
  Map<String, String> env(String cvm) {
    return env(cdsDir(cvm));
  }

  private Map<String, String> env(Path cdsDir) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    return Map.of("VIPPAIR_HOME", home().toString(), "VIPPAIR_CDS_DIR", cdsDir.toString(),
        "JAVA_OPTS", String.join(" ", jvmFlags), "PATH", javaBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** Copies the built jar over the installed one (a new file renamed into place), then records its class archive. */
  void install() {
    Path fresh = jar().resolveSibling("node-agent.jar.new");
    try {
      Files.createDirectories(home());
      for (String cvm : cvms) {
        Files.createDirectories(cdsDir(cvm));
      }
      Files.copy(builtJar, fresh, StandardCopyOption.REPLACE_EXISTING);
      Files.move(fresh, jar(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new LabException("cannot install the agent jar " + builtJar + " as " + jar() + ": " + e.getMessage(), e);
    }
    recordClassArchive();
  }

  /**
   * What the postinst does. A failure is a warning, as in the package: the agents then start
   * without an archive (slower) and the launcher records one when an agent stops.
   */
  private void recordClassArchive() {
    long start = System.nanoTime();
    Path training = workDir.resolve("cds").resolve("training");
    Path logFile = logDir.resolve("class-archive-training.log");
    try {
      Files.createDirectories(training);
      Files.createDirectories(logDir);
      ProcessBuilder pb = new ProcessBuilder(command(List.of("record-class-archive"))).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
      pb.environment().putAll(env(training));
      Process p = pb.start();
      if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      List<Path> archives = archives(training);
      if (!p.isAlive() && p.exitValue() == 0 && archives.size() == 1) {
        for (String cvm : cvms) {
          for (Path old : archives(cdsDir(cvm))) {
            Files.delete(old); // an agent that maps it keeps its mapping
          }
          link(archives.get(0), cdsDir(cvm).resolve(archives.get(0).getFileName()));
        }
        log.info("agent class archive recorded in {} ms ({}) for {}", (System.nanoTime() - start) / 1_000_000,
            archives.get(0).getFileName(), cvms);
      } else {
        log.warn("the agent's class archive was not recorded (see {}); agents start without it", logFile);
      }
    } catch (IOException e) {
      log.warn("the agent's class archive was not recorded: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A hard link: 30 MB not written three times over while agents start (the JVM maps the file read-only). */
  private static void link(Path archive, Path into) throws IOException {
    try {
      Files.createLink(into, archive);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(archive, into);
    }
  }

  private static List<Path> archives(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("agent-[0-9]+-[0-9]+\\.jsa")).toList();
    }
  }
}
