package io.vippair.agent;

import io.vippair.agent.keepalived.KeepalivedStates.InstanceState;
import io.vippair.agent.keepalived.PairKey;
import io.vippair.api.v1alpha1.VrrpRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What keepalived last said about each of its instances, by instance name, from its notify FIFO or
 * from a state dump, and which pair each instance belongs to. A pair the watcher finds after
 * keepalived spoke about it (an agent that adopted a running keepalived) starts from this role
 * instead of UNKNOWN. A dump never overrides a FIFO line that arrived after the dump was asked for.
 * Thread-safe.
 */
final class InstanceRoles {

  /** A role for a pair, to be reported. */
  record Change(PairKey pair, VrrpRole role, Instant since) {}

  private record Observed(VrrpRole role, Instant since, long atNanos) {}

  private final Map<String, Observed> observed = new HashMap<>();
  /** Instance name → pair, for every pair the watcher has shown (shortened names cannot be read back). */
  private final Map<String, PairKey> pairs = new HashMap<>();

  /** The pair an instance name belongs to, if known or readable from the name. */
  synchronized Optional<PairKey> pairOf(String instance) {
    PairKey known = pairs.get(instance);
    return known != null ? Optional.of(known) : PairKey.fromInstanceName(instance);
  }

  /** The watcher shows pair: remember its instance name; returns what keepalived said about it, if anything. */
  synchronized Optional<Change> seen(PairKey pair) {
    pairs.put(pair.instanceName(), pair);
    return Optional.ofNullable(observed.get(pair.instanceName())).map(o -> new Change(pair, o.role(), o.since()));
  }

  synchronized void forget(PairKey pair) {
    pairs.remove(pair.instanceName());
    observed.remove(pair.instanceName());
  }

  /** A FIFO line, read at nanos. */
  synchronized Optional<Change> fromFifo(String instance, VrrpRole role, Instant at, long nanos) {
    observed.put(instance, new Observed(role, at, nanos));
    return pairOf(instance).map(p -> new Change(p, role, at));
  }

  /**
   * A state dump asked for at askedNanos: the changes for instances whose pair is known or readable
   * from the name, skipping instances the FIFO has told about since.
   */
  synchronized List<Change> fromDump(Map<String, InstanceState> states, Instant now, long askedNanos) {
    List<Change> changes = new ArrayList<>();
    states.forEach((instance, state) -> {
      Observed newer = observed.get(instance);
      if (state.role() == VrrpRole.UNKNOWN || (newer != null && newer.atNanos() > askedNanos)) {
        return;
      }
      Instant since = state.since() == null ? now : state.since();
      observed.put(instance, new Observed(state.role(), since, askedNanos));
      pairOf(instance).ifPresent(p -> changes.add(new Change(p, state.role(), since)));
    });
    return changes;
  }

  /**
   * keepalived stopped: none of its instances holds a VIP now. Those it said STOP for keep it (it
   * shut them down cleanly, after their goodbye advert); the others are FAULT.
   */
  synchronized void allFault(Instant at, long nanos) {
    observed.replaceAll((instance, o) -> o.role() == VrrpRole.STOP ? o : new Observed(VrrpRole.FAULT, at, nanos));
  }
}
