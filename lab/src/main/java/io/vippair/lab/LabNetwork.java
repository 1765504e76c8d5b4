package io.vippair.lab;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and removes the lab's namespaces, links and routes (the imperative shell of {@link NetworkPlan}). */
final class LabNetwork {
  private static final Logger log = LoggerFactory.getLogger(LabNetwork.class);

  private final Topology topology;

  LabNetwork(Topology topology) {
    this.topology = topology;
  }

  /** Creates the network; on any failure removes what was made and rethrows. */
  void create() {
    if (!leftovers(topology.prefix()).isEmpty() || Cmd.tryRun("ip", "link", "show", topology.hostLink()).ok()) {
      throw new LabException("lab namespaces or the host link " + topology.hostLink() + " exist already ("
          + String.join(", ", leftovers(topology.prefix())) + "); run `java -jar lab/target/vippair-lab.jar down`");
    }
    try {
      for (List<String> cmd : NetworkPlan.setUp(topology)) {
        Cmd.run(cmd);
      }
    } catch (RuntimeException e) {
      destroy();
      throw e;
    }
    log.info("lab network up: {} CVMs, router {}, client {}", topology.cvms().size(), topology.routerNs(), topology.clientNs());
  }

  /** Removes everything create() made; safe to call twice and on a half-built network. */
  void destroy() {
    for (List<String> cmd : NetworkPlan.tearDown(topology)) {
      Cmd.tryRun(cmd);
    }
  }

  /** Namespaces whose name starts with the prefix (what `down` removes). */
  static List<String> leftovers(String prefix) {
    String out = Cmd.tryRun("ip", "netns", "list").stdout();
    return Arrays.stream(out.split("\n"))
        .map(line -> line.split(" ")[0].strip())
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  /**
   * Removes any lab leftovers: processes still running in lab namespaces, the namespaces, the host
   * link and route. Used by `down` and before a run.
   */
  static int removeLeftovers(Topology t) {
    List<String> namespaces = leftovers(t.prefix());
    for (String ns : namespaces) {
      for (long pid : NetnsProcesses.pids(ns)) {
        NetnsProcesses.signal(pid, "KILL");
      }
    }
    for (List<String> cmd : NetworkPlan.tearDown(t)) {
      Cmd.tryRun(cmd);
    }
    for (String ns : namespaces) {
      Cmd.tryRun("ip", "netns", "del", ns);
    }
    return namespaces.size();
  }
}
