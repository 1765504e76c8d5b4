package io.vippair.cli.enrol;

import java.util.List;

/**
 * One VM to enrol.
 *
 * @param namespaces the namespaces its agent may read VipPairs in; empty means every namespace
 * @param address its private IP, or null (only written to enrolment.tsv)
 * @param line where the VM is in the file, for messages
 */
public record Vm(String member, List<String> namespaces, String address, int line) {
  public Vm {
    namespaces = List.copyOf(namespaces);
  }

  public boolean allNamespaces() {
    return namespaces.isEmpty();
  }

  public String serviceAccount() {
    return "agent-" + member;
  }
}
