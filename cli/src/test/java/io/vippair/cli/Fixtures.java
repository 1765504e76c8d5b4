package io.vippair.cli;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.vippair.api.v1alpha1.AgentReport;
import io.vippair.api.v1alpha1.CloudSpec;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.LastFailover;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VipPairStatus;
import io.vippair.api.v1alpha1.VipSpec;
import io.vippair.api.v1alpha1.VrrpRole;
import io.vippair.api.v1alpha1.VrrpSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** VipPairs and events as the operator and agents would leave them, at times relative to {@link Run#NOW}. */
final class Fixtures {
  private Fixtures() {}

  static String ago(Duration d) {
    return Run.NOW.minus(d).toString();
  }

  static VipPair pair(String ns, String name, String vip, String a, String b) {
    VipPair p = new VipPair();
    p.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    VipPairSpec spec = new VipPairSpec();
    CloudSpec cloud = new CloudSpec();
    cloud.setRegion("ap-guangzhou");
    cloud.setVpcId("vpc-1yxuk010");
    spec.setCloud(cloud);
    spec.setVip(new VipSpec(vip));
    spec.setFailover(new FailoverSpec());
    VrrpSpec vrrp = new VrrpSpec();
    vrrp.setVirtualRouterId(51);
    spec.setVrrp(vrrp);
    int last = Integer.parseInt(vip.substring(vip.lastIndexOf('.') + 1));
    spec.setMembers(new ArrayList<>(List.of(
        new Member(a, null, eni(a), "10.0.1." + (last + 1), "eth0"),
        new Member(b, null, eni(b), "10.0.1." + (last + 2), "eth0"))));
    p.setSpec(spec);
    return p;
  }

  /** "cvm-a" -> "eni-cvma0000" */
  static String eni(String member) {
    return "eni-" + (member.replace("-", "") + "00000000").substring(0, 8);
  }

  static AgentReport report(VrrpRole role, Duration since, boolean healthy) {
    AgentReport r = new AgentReport();
    r.setRole(role);
    r.setSince(ago(since));
    r.setReportedAt(ago(Duration.ofSeconds(3)));
    r.setHealthy(healthy);
    r.setObservedGeneration(1L);
    r.setAgentVersion("0.1.0");
    r.setKeepalivedVersion("2.2.7");
    return r;
  }

  static Condition condition(String type, String status, String reason, String message, Duration since) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(ago(since)).withObservedGeneration(1L).build();
  }

  static LastFailover failover(String from, String to, String reason, long millis, Duration ago) {
    LastFailover f = new LastFailover();
    f.setFrom(from);
    f.setTo(to);
    f.setReason(reason);
    f.setMillis(millis);
    f.setVrrpAt(Run.NOW.minus(ago).minusMillis(millis).toString());
    f.setCloudAt(ago(ago));
    return f;
  }

  static VipPairStatus status(String phase) {
    VipPairStatus s = new VipPairStatus();
    s.setPhase(io.vippair.api.v1alpha1.Phase.valueOf(phase));
    s.setObservedGeneration(1L);
    return s;
  }

  static Event event(VipPair p, String type, String reason, String message, Duration ago) {
    return new EventBuilder()
        .withNewMetadata().withNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName() + "." + reason.toLowerCase() + ago.toSeconds()).endMetadata()
        .withNewInvolvedObject().withApiVersion("vippair.io/v1alpha1").withKind("VipPair").withNamespace(p.getMetadata().getNamespace())
          .withName(p.getMetadata().getName()).endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message)
        .withFirstTimestamp(ago(ago)).withLastTimestamp(ago(ago)).withCount(1)
        .withNewSource().withComponent("vippair-operator").endSource().withReportingComponent("vippair-operator")
        .build();
  }
}
