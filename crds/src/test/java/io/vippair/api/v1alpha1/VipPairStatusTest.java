package io.vippair.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator-owned status fields have one definition, VipPairStatus itself: copying and
 * comparing cover every one of them, so no caller keeps a hand-written list.
 */
class VipPairStatusTest {

  @Test
  void theOperatorOwnsEveryStatusFieldButAgents() {
    List<String> all = new ArrayList<>();
    for (Field f : VipPairStatus.class.getDeclaredFields()) {
      if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        all.add(f.getName());
      }
    }
    assertThat(VipPairStatus.operatorOwnedFields()).doesNotContain("agents")
        .containsAll(List.of("observedGeneration", "phase", "master", "cloudOwner", "probe", "fence", "migration",
            "lastFailover", "failovers", "conditions"));
    assertThat(VipPairStatus.operatorOwnedFields().size()).isLessThanOrEqualTo(all.size() - 1);
  }

  @Test
  void copyAndEqualityCoverEveryOperatorOwnedField() throws Exception {
    VipPairStatus filled = filled();
    VipPairStatus copy = filled.copyOperatorFields();
    assertThat(copy.sameOperatorFields(filled)).isTrue();
    assertThat(copy.getAgents()).as("the operator never writes agents").isNull();
    for (String name : VipPairStatus.operatorOwnedFields()) {
      VipPairStatus changed = filled.copyOperatorFields();
      Field f = VipPairStatus.class.getDeclaredField(name);
      f.setAccessible(true);
      f.set(changed, null);
      assertThat(changed.sameOperatorFields(filled)).as("a change of %s is seen", name).isFalse();
      assertThat(filled.copyOperatorFields().sameOperatorFields(filled)).isTrue();
    }
  }

  @Test
  void aCopySharesNothingMutable() {
    VipPairStatus filled = filled();
    VipPairStatus copy = filled.copy();
    copy.getMigration().setTaskId("other");
    copy.getProbe().setNonce("other");
    copy.getSwitchover().setPhase(SwitchoverPhase.Failed);
    copy.getConditions().get(0).setReason("Other");
    copy.getAgents().get("a").setRole(VrrpRole.FAULT);
    assertThat(filled).isEqualTo(filled());
    assertThat(copy).isNotEqualTo(filled);
  }

  static VipPairStatus filled() {
    VipPairStatus s = new VipPairStatus();
    s.setObservedGeneration(3L);
    s.setPhase(Phase.Ready);
    s.setMaster("a");
    s.setCloudOwner("a");
    s.setProbe(new Probe("b", "n-1", "2026-01-01T00:00:01.000Z"));
    s.setFence(new Fence("b", "split brain", "2026-01-01T00:00:00.000Z"));
    Migration m = new Migration();
    m.setKind(MigrationKind.Migrate);
    m.setSource("b");
    m.setTarget("a");
    m.setTaskId("t-1");
    s.setMigration(m);
    LastFailover last = new LastFailover();
    last.setFrom("b");
    last.setTo("a");
    last.setMillis(812L);
    s.setLastFailover(last);
    s.setFailovers(7L);
    SwitchoverStatus so = new SwitchoverStatus();
    so.setNonce("n-9");
    so.setTo("b");
    so.setPhase(SwitchoverPhase.InProgress);
    s.setSwitchover(so);
    s.setHaVip(new HaVipStatus("a", "eni-aaaaaaaa", 700L, null));
    s.setAnnounce(new Announce("a", "a-1", "2026-01-01T00:00:01.000Z"));
    s.setConditions(new ArrayList<>(List.of(new ConditionBuilder().withType("Ready").withStatus("True")
        .withReason("VipFollowsMaster").build())));
    AgentReport r = new AgentReport();
    r.setRole(VrrpRole.MASTER);
    s.setAgents(new java.util.LinkedHashMap<>(Map.of("a", r)));
    return s;
  }
}
