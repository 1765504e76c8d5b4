package io.vippair.agent.config;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vippair.api.v1alpha1.Patterns;
import io.vippair.common.Backoff;
import io.vippair.common.config.BadSetting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The member name of a DaemonSet agent ({@code --member-from-node NODE}): the node's label
 * vippair.io/member, else its annotation of that name, else the node's name with its dots made
 * dashes (node 10.0.1.17, as TKE names nodes, is member 10-0-1-17). The admission policy
 * (deploy/agent/cluster) cannot read node labels and holds a DaemonSet agent to that last name:
 * the label is for clusters without the policy (docs/agent.md).
 *
 * <p>Found once at start. The answer is kept in the run directory (a hostPath that outlives the
 * pod), so an agent restarted while the API server is away still knows who it is and goes on
 * running health checks and fences for keepalived.
 */
public final class NodeMember {
  private static final Logger log = LoggerFactory.getLogger(NodeMember.class);
  public static final String KEY = "vippair.io/member";
  static final String CACHE = "member-of-node";

  private NodeMember() {}

  /** The member for a node with these labels and annotations (either may be null). */
  public static String choose(String node, Map<String, String> labels, Map<String, String> annotations) {
    String named = labels != null && labels.get(KEY) != null ? labels.get(KEY)
        : annotations != null && annotations.get(KEY) != null ? annotations.get(KEY) : null;
    String where = named == null ? null : labels != null && labels.get(KEY) != null ? "label" : "annotation";
    String member = named != null ? named.trim() : fromNodeName(node);
    if (!member.matches(Patterns.DNS_LABEL)) {
      throw new BadSetting(named != null
          ? "node " + node + ": its " + where + " " + KEY + "='" + named + "' is not a DNS label: give the member's name as in spec.members[].name"
          : "node " + node + " gives no member name (" + fromNodeName(node) + " is not a DNS label): name the node's member with"
              + " kubectl label node " + node + " " + KEY + "=<spec.members[].name> (and see docs/agent.md on the admission policy)");
    }
    return member;
  }

  /** The member a node's name gives, as the admission policy derives it: dots made dashes. */
  public static String fromNodeName(String node) {
    return node.replace('.', '-');
  }

  /**
   * Reads the node until the API server answers (with back-off); while it does not, a member found
   * earlier for this node in runDir is used.
   */
  public static String resolve(KubernetesClient client, String node, Path runDir) {
    Path cache = runDir.resolve(CACHE);
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    for (int attempt = 1; ; attempt++) {
      try {
        Node n = client.nodes().withName(node).get();
        if (n == null) {
          throw new BadSetting("--member-from-node " + node + ": no such node: give spec.nodeName (the DaemonSet passes it)");
        }
        String member = choose(node, n.getMetadata().getLabels(), n.getMetadata().getAnnotations());
        if (!member.equals(fromNodeName(node))) {
          log.warn("node {} is member {} by its {} label or annotation; the admission policy allows this agent only member {}",
              node, member, KEY, fromNodeName(node));
        } else if (!member.equals(node)) {
          log.info("node {} is member {} (its name, dots made dashes)", node, member);
        }
        remember(cache, node, member);
        return member;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        Optional<String> known = remembered(cache, node);
        if (known.isPresent()) {
          log.warn("cannot read node {} ({}); going on as member {}, found for it earlier", node, e.getMessage(), known.get());
          return known.get();
        }
        if (attempt == 1) {
          log.warn("cannot read node {} to learn its member name ({}); retrying with backoff (the agent needs get on nodes)",
              node, e.getMessage());
        }
        try {
          Thread.sleep(backoff.delay(attempt).toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while reading node " + node, ie);
        }
      }
    }
  }

  private static void remember(Path cache, String node, String member) {
    try {
      Files.createDirectories(cache.getParent());
      Path tmp = Files.createTempFile(cache.getParent(), CACHE, ".tmp");
      Files.writeString(tmp, node + "\t" + member + "\n");
      Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      log.warn("cannot keep the member name in {} ({}); a restart without the API server will wait for it", cache, e.toString());
    }
  }

  static Optional<String> remembered(Path cache, String node) {
    try {
      String[] line = Files.readString(cache).trim().split("\t");
      return line.length == 2 && line[0].equals(node) && line[1].matches(Patterns.DNS_LABEL) ? Optional.of(line[1]) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
