package io.vippair.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the pair is. The agents write only their own key of agents; the operator writes every
 * other field and never agents. Both use JSON merge patches of the fields they own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VipPairStatus extends UnknownFields {

  /** The spec generation the operator last acted on. */
  private Long observedGeneration;

  /** A one-word summary of the conditions. */
  private Phase phase;

  /** The member whose agent reports VRRP MASTER, when exactly one does. */
  private String master;

  /** The member whose ENI holds the VIP, as the cloud API last said. */
  private String cloudOwner;

  /** Each member's own report, keyed by member name; written only by that member's agent. */
  private Map<String, AgentReport> agents = new LinkedHashMap<>();

  /** A liveness question from the operator to one agent, answered in that agent's report (ack). */
  private Probe probe;

  /** An instruction from the operator to one member to step down (keepalived FAULT). */
  private Fence fence;

  /** The cloud change in flight, if any; it survives operator restarts and leader changes. */
  private Migration migration;

  /** The last completed failover. */
  private LastFailover lastFailover;

  /** How many times the operator moved the VIP between the members. */
  private Long failovers;

  /** The last planned switchover request (spec.switchover) and how it went. */
  private SwitchoverStatus switchover;
  /** Mode HaVip: where the HAVIP is bound and how long it took to follow the master. */
  private HaVipStatus haVip;

  /** Mode HaVip: a request to one agent to announce the VIP again (gratuitous ARP), answered in its report. */
  private Announce announce;

  /** Ready, CloudSynced, AgentsReporting, ConfigApplied and SplitBrain, in the standard shape. */
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public Phase getPhase() { return phase; }
  public void setPhase(Phase phase) { this.phase = phase; }
  public String getMaster() { return master; }
  public void setMaster(String master) { this.master = master; }
  public String getCloudOwner() { return cloudOwner; }
  public void setCloudOwner(String cloudOwner) { this.cloudOwner = cloudOwner; }
  public Map<String, AgentReport> getAgents() { return agents; }
  public void setAgents(Map<String, AgentReport> agents) { this.agents = agents; }
  public Probe getProbe() { return probe; }
  public void setProbe(Probe probe) { this.probe = probe; }
  public Fence getFence() { return fence; }
  public void setFence(Fence fence) { this.fence = fence; }
  public Migration getMigration() { return migration; }
  public void setMigration(Migration migration) { this.migration = migration; }
  public LastFailover getLastFailover() { return lastFailover; }
  public void setLastFailover(LastFailover lastFailover) { this.lastFailover = lastFailover; }
  public Long getFailovers() { return failovers; }
  public void setFailovers(Long failovers) { this.failovers = failovers; }
  public SwitchoverStatus getSwitchover() { return switchover; }
  public void setSwitchover(SwitchoverStatus switchover) { this.switchover = switchover; }
  public HaVipStatus getHaVip() { return haVip; }
  public void setHaVip(HaVipStatus haVip) { this.haVip = haVip; }
  public Announce getAnnounce() { return announce; }
  public void setAnnounce(Announce announce) { this.announce = announce; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }

  /** The condition of this type, or null. */
  public Condition condition(String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /**
   * The status fields the operator owns: every field of this class but agents. The one list of
   * them: the operator's status writer, the agent admission policy and the docs are tested
   * against it, so a new status field is added here and nowhere else by hand.
   */
  public static List<String> operatorOwnedFields() {
    return Arrays.stream(VipPairStatus.class.getDeclaredFields())
        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
        .filter(f -> f.getAnnotation(JsonIgnore.class) == null && f.getAnnotation(JsonAnySetter.class) == null)
        .map(Field::getName)
        .filter(name -> !name.equals("agents"))
        .toList();
  }

  /** A copy of the operator-owned fields, sharing nothing mutable; agents is null (never written by the operator). */
  public VipPairStatus copyOperatorFields() {
    VipPairStatus c = new VipPairStatus();
    c.agents = null;
    c.observedGeneration = observedGeneration;
    c.phase = phase;
    c.master = master;
    c.cloudOwner = cloudOwner;
    c.probe = probe == null ? null : probe.copy();
    c.fence = fence == null ? null : fence.copy();
    c.migration = migration == null ? null : migration.copy();
    c.lastFailover = lastFailover == null ? null : lastFailover.copy();
    c.failovers = failovers;
    c.switchover = switchover == null ? null : switchover.copy();
    c.haVip = haVip == null ? null : haVip.copy();
    c.announce = announce == null ? null : announce.copy();
    c.conditions = new ArrayList<>();
    if (conditions != null) {
      conditions.forEach(x -> c.conditions.add(new ConditionBuilder(x).build()));
    }
    return c;
  }

  /** A full copy, agents' reports included. */
  public VipPairStatus copy() {
    VipPairStatus c = copyOperatorFields();
    if (agents != null) {
      c.agents = new LinkedHashMap<>();
      agents.forEach((k, v) -> c.agents.put(k, v == null ? null : v.copy()));
    }
    return c;
  }

  /** Whether the operator-owned fields are equal (agents ignored; a null condition list equals an empty one). */
  public boolean sameOperatorFields(VipPairStatus o) {
    return o != null && Objects.equals(observedGeneration, o.observedGeneration) && phase == o.phase
        && Objects.equals(master, o.master) && Objects.equals(cloudOwner, o.cloudOwner)
        && Objects.equals(probe, o.probe) && Objects.equals(fence, o.fence)
        && Objects.equals(migration, o.migration) && Objects.equals(lastFailover, o.lastFailover)
        && Objects.equals(failovers, o.failovers) && Objects.equals(switchover, o.switchover)
        && Objects.equals(haVip, o.haVip) && Objects.equals(announce, o.announce)
        && Objects.equals(conditions == null ? List.of() : conditions, o.conditions == null ? List.of() : o.conditions);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof VipPairStatus)) {
      return false;
    }
    VipPairStatus o = (VipPairStatus) other;
    return sameOperatorFields(o) && Objects.equals(agents, o.agents);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, master, cloudOwner, agents, probe, fence, migration, lastFailover,
        failovers, switchover, haVip, announce, conditions);
  }
}
