package io.vippair.cli.enrol;

import io.vippair.api.v1alpha1.Patterns;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The VMs file of {@code vippair enrol}: a list of VMs, each {member, namespaces, address}, either
 * at the top level or under {@code vms:}. The whole file is checked before anything is enrolled;
 * every problem names its line, the field and the fix.
 *
 * <pre>
 * vms:
 * - {member: cvm-a, namespaces: [db], address: 10.0.1.17}
 * - {member: cvm-b, namespaces: [db, web]}
 * - {member: cvm-c, namespaces: all}      # every namespace (a ClusterRoleBinding)
 * </pre>
 */
public final class EnrolFile {
  static final Set<String> FIELDS = Set.of("member", "namespaces", "address");

  /**
   * Namespaces the agents' own objects live in: a per-namespace RoleBinding there would collide
   * with the Lease RoleBinding of the same name, and VipPairs do not belong there.
   */
  static final Set<String> RESERVED_NAMESPACES = Set.of(AgentIdentity.AGENT_NAMESPACE, AgentIdentity.LEASE_NAMESPACE);

  /** The file's VMs, or the list of what is wrong with it (one line each). */
  public record Result(List<Vm> vms, List<String> problems) {}

  private EnrolFile() {}

  public static Result parse(String fileName, String text) {
    List<String> problems = new ArrayList<>();
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      return new Result(List.of(), List.of(fileName + " line " + line + ": not YAML (" + e.getProblem()
          + "): fix the syntax; a VM is written {member: cvm-a, namespaces: [db]}"));
    } catch (RuntimeException e) {
      return new Result(List.of(), List.of(fileName + ": not YAML (" + e.getMessage() + ")"));
    }
    Node list = root;
    if (root instanceof MappingNode m) {
      list = null;
      for (NodeTuple t : m.getValue()) {
        String key = scalar(t.getKeyNode());
        if ("vms".equals(key)) {
          list = t.getValueNode();
        } else {
          problems.add(at(fileName, t.getKeyNode()) + "unknown key '" + key + "': the file is a list of VMs, at the top or under vms:");
        }
      }
    }
    if (!(list instanceof SequenceNode vms) || vms.getValue().isEmpty()) {
      problems.add(fileName + (root == null ? "" : " line " + (root.getStartMark().getLine() + 1))
          + ": no VMs: write a list, one VM per entry: - {member: cvm-a, namespaces: [db], address: 10.0.1.17}");
      return new Result(List.of(), problems);
    }
    List<Vm> result = new ArrayList<>();
    Map<String, Integer> lineOfMember = new HashMap<>();
    for (Node entry : vms.getValue()) {
      int line = entry.getStartMark().getLine() + 1;
      if (!(entry instanceof MappingNode vm)) {
        problems.add(at(fileName, entry) + "a VM must be a map: - {member: cvm-a, namespaces: [db]}");
        continue;
      }
      int before = problems.size();
      String member = null;
      Node memberNode = null;
      List<String> namespaces = null;
      boolean all = false;
      String address = null;
      for (NodeTuple t : vm.getValue()) {
        String key = scalar(t.getKeyNode());
        Node value = t.getValueNode();
        if (key == null || !FIELDS.contains(key)) {
          problems.add(at(fileName, t.getKeyNode()) + "unknown field '" + key + "': a VM has member, namespaces and address");
          continue;
        }
        switch (key) {
          case "member" -> {
            member = scalar(value);
            memberNode = value;
            if (member == null || !member.matches(Patterns.DNS_LABEL)) {
              problems.add(at(fileName, value) + "member '" + text(value) + "' is not a DNS label: give the VM's name in"
                  + " spec.members[].name (lower-case letters, digits and '-', at most 63)");
            }
          }
          case "namespaces" -> {
            if ("all".equals(scalar(value))) {
              all = true;
            } else if (value instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
              Set<String> seen = new LinkedHashSet<>();
              for (Node n : seq.getValue()) {
                String ns = scalar(n);
                if (ns == null || !ns.matches(Patterns.DNS_LABEL)) {
                  problems.add(at(fileName, n) + "namespaces: '" + text(n) + "' is not a namespace name (lower-case letters, digits and '-')");
                } else if (RESERVED_NAMESPACES.contains(ns)) {
                  problems.add(at(fileName, n) + "namespaces: " + ns + " holds the agents' identities and Leases, not VipPairs:"
                      + " list the namespaces of this VM's VipPairs");
                } else if (!seen.add(ns)) {
                  problems.add(at(fileName, n) + "namespaces: " + ns + " is listed twice: list it once");
                }
              }
              namespaces = List.copyOf(seen);
            } else {
              problems.add(at(fileName, value) + "namespaces must be a non-empty list of the namespaces of this VM's VipPairs,"
                  + " e.g. [db], or 'all' for every namespace");
            }
          }
          case "address" -> {
            address = scalar(value);
            if (address == null || !address.matches(Patterns.IPV4)) {
              problems.add(at(fileName, value) + "address '" + text(value) + "' is not an IPv4 address: give the VM's private IP"
                  + " (used only in enrolment.tsv, for copying files to it), or leave it out");
            }
          }
          default -> throw new IllegalStateException(key);
        }
      }
      if (memberNode == null) {
        problems.add(fileName + " line " + line + ": member is missing: add member: <the VM's name in spec.members[].name>");
      }
      if (namespaces == null && !all && problems.size() == before) {
        problems.add(fileName + " line " + line + ": namespaces is missing: add namespaces: [ns, ...] (the namespaces of this VM's"
            + " VipPairs; the agent watches only those) or namespaces: all");
      }
      if (member != null && member.matches(Patterns.DNS_LABEL)) {
        Integer first = lineOfMember.putIfAbsent(member, line);
        if (first != null) {
          problems.add(fileName + " line " + line + ": member " + member + " is also on line " + first
              + ": one entry per VM (merge their namespaces)");
        }
      }
      if (problems.size() == before) {
        result.add(new Vm(member, all ? List.of() : namespaces, address, line));
      }
    }
    return new Result(problems.isEmpty() ? result : List.of(), problems);
  }

  private static String at(String fileName, Node node) {
    return fileName + " line " + (node.getStartMark().getLine() + 1) + ": ";
  }

  private static String scalar(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : null;
  }

  private static String text(Node node) {
    return node instanceof ScalarNode s ? s.getValue() : "(a " + node.getNodeId().name() + ")";
  }
}
