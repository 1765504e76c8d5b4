package io.vippair.agent.keepalived;

import io.vippair.api.v1alpha1.FailoverPolicy;
import io.vippair.api.v1alpha1.FailoverSpec;
import io.vippair.api.v1alpha1.Member;
import io.vippair.api.v1alpha1.Patterns;
import io.vippair.api.v1alpha1.SwitchoverPhase;
import io.vippair.api.v1alpha1.SwitchoverRequest;
import io.vippair.api.v1alpha1.SwitchoverStatus;
import io.vippair.api.v1alpha1.VipPair;
import io.vippair.api.v1alpha1.VipPairSpec;
import io.vippair.api.v1alpha1.VrrpSpec;

/**
 * The part of a VipPair that goes into this member's keepalived instance, every value checked
 * against the shared {@link Patterns} or bounds. The API server's schema checks the same, but the
 * agent does not trust it: a value that reached keepalived.conf unchecked could add directives
 * (for example a notify script) to a VM's keepalived.
 *
 * @param preemptDelaySeconds null for policy Equal (nopreempt)
 * @param announceNonce mode HaVip: the nonce of the operator's request that this member announce
 *     the VIP again (status.announce), while it names this member; null otherwise. While set,
 *     keepalived re-sends gratuitous ARP every second (garp_master_refresh)
 */
public record PairSettings(
    PairKey key,
    long generation,
    String interfaceName,
    String sourceIp,
    String peerIp,
    String vip,
    int virtualRouterId,
    int advertIntervalMillis,
    int priority,
    Integer preemptDelaySeconds,
    String announceNonce) {

  /** Priority of both members with policy Equal, and of the non-preferred member with Preferred. */
  public static final int BASE_PRIORITY = 100;
  /** Priority of the preferred member with policy Preferred. */
  public static final int PREFERRED_PRIORITY = 150;
  /**
   * Priority of the target of a planned switchover while it is in progress: keepalived's ceiling
   * for a non-owner, so that after the fenced master's priority-0 advert it waits only its skew,
   * (256 - priority)/256 of an advert (8 ms at advert 1 s), not 609 ms as at 100. keepalived 2.2
   * computes the skew from the configured priority, so a track-file weight would not shorten it.
   */
  public static final int SWITCHOVER_PRIORITY = 254;

  public PairSettings(PairKey key, long generation, String interfaceName, String sourceIp, String peerIp, String vip,
      int virtualRouterId, int advertIntervalMillis, int priority, Integer preemptDelaySeconds) {
    this(key, generation, interfaceName, sourceIp, peerIp, vip, virtualRouterId, advertIntervalMillis, priority,
        preemptDelaySeconds, null);
  }

  /** The same settings without an announce request: what the config hash is computed from. */
  public PairSettings withoutAnnounce() {
    return announceNonce == null ? this : new PairSettings(key, generation, interfaceName, sourceIp, peerIp, vip,
        virtualRouterId, advertIntervalMillis, priority, preemptDelaySeconds, null);
  }

  /** Validates vipPair from the point of view of member. */
  public static PairSettings of(VipPair vipPair, String member) throws InvalidPairException {
    String namespace = vipPair.getMetadata().getNamespace();
    String name = vipPair.getMetadata().getName();
    check("metadata.namespace", namespace, Patterns.DNS_LABEL);
    check("metadata.name", name, Patterns.DNS_SUBDOMAIN);
    VipPairSpec spec = vipPair.getSpec();
    if (spec == null) {
      throw new InvalidPairException("spec is missing");
    }
    if (spec.getMembers() == null || spec.getMembers().size() != 2) {
      throw new InvalidPairException("spec.members must list exactly two members");
    }
    Member me = spec.member(member);
    Member peer = spec.peerOf(member);
    if (me == null || peer == null || peer.getName() == null || peer.getName().equals(member)) {
      throw new InvalidPairException("spec.members does not name this VM (" + member + ") and one other member; "
          + "fix spec.members or the member label");
    }
    int meIndex = spec.getMembers().indexOf(me);
    int peerIndex = spec.getMembers().indexOf(peer);
    check("spec.members[" + meIndex + "].interface", me.getInterfaceName(), Patterns.INTERFACE_NAME);
    check("spec.members[" + meIndex + "].privateIp", me.getPrivateIp(), Patterns.IPV4);
    check("spec.members[" + peerIndex + "].privateIp", peer.getPrivateIp(), Patterns.IPV4);
    if (spec.getVip() == null) {
      throw new InvalidPairException("spec.vip.address is missing");
    }
    String vip = spec.getVip().getAddress();
    check("spec.vip.address", vip, Patterns.IPV4);
    if (vip.equals(me.getPrivateIp()) || vip.equals(peer.getPrivateIp()) || me.getPrivateIp().equals(peer.getPrivateIp())) {
      throw new InvalidPairException("spec.vip.address and the members' privateIp must be three different addresses");
    }
    VrrpSpec vrrp = spec.getVrrp();
    if (vrrp == null) {
      throw new InvalidPairException("spec.vrrp is missing; set spec.vrrp.virtualRouterId (1-255)");
    }
    int vrid = bounded("spec.vrrp.virtualRouterId", vrrp.getVirtualRouterId(), 1, 255);
    Integer advertValue = vrrp.getAdvertIntervalMillis() == null ? 1000 : vrrp.getAdvertIntervalMillis();
    int advert = bounded("spec.vrrp.advertIntervalMillis", advertValue, 100, 10000);
    if (advert % 10 != 0) {
      throw new InvalidPairException("spec.vrrp.advertIntervalMillis must be a multiple of 10 (VRRPv3 counts in centiseconds)");
    }
    FailoverSpec failover = spec.getFailover() == null ? new FailoverSpec() : spec.getFailover();
    int priority = BASE_PRIORITY;
    Integer preemptDelay = null;
    if (failover.getPolicy() == FailoverPolicy.Preferred) {
      String preferred = failover.getPreferredMember();
      if (preferred == null || spec.member(preferred) == null) {
        throw new InvalidPairException("spec.failover.preferredMember must name one of spec.members with policy Preferred");
      }
      preferred = switchoverTargetOr(vipPair, preferred);
      priority = preferred.equals(member) ? PREFERRED_PRIORITY : BASE_PRIORITY;
      preemptDelay = bounded("spec.failover.preemptDelaySeconds", failover.effectivePreemptDelaySeconds(), 0, 1000);
    }
    if (switchoverTo(vipPair, member) != null) {
      priority = SWITCHOVER_PRIORITY;
    }
    Long generation = vipPair.getMetadata().getGeneration();
    return new PairSettings(new PairKey(namespace, name), generation == null ? 0 : generation,
        me.getInterfaceName(), me.getPrivateIp(), peer.getPrivateIp(), vip, vrid, advert, priority, preemptDelay,
        announceNonce(vipPair, member));
  }

  /** The nonce of an announce request for this member in mode HaVip; a request for the peer is not ours. */
  static String announceNonce(VipPair vipPair, String member) throws InvalidPairException {
    var cloud = vipPair.getSpec().getCloud();
    var announce = vipPair.getStatus() == null ? null : vipPair.getStatus().getAnnounce();
    if (cloud == null || !cloud.haVipMode() || announce == null || !member.equals(announce.getMember())) {
      return null;
    }
    String nonce = announce.getNonce();
    // the nonce never reaches keepalived.conf, but it is echoed into our report: keep it short and plain
    if (nonce == null || !nonce.matches("^[A-Za-z0-9-]{1,64}$")) {
      throw new InvalidPairException("status.announce.nonce is not valid (" + describe(nonce) + ")");
    }
    return nonce;
  }

  /**
   * A planned switchover the operator accepted (status.switchover InProgress or Succeeded for the
   * nonce still in spec.switchover) stands in for preferredMember, so keepalived does not take the
   * VIP back from its target; removing spec.switchover gives the preference back
   * (docs/operator-decision.md, rules 25–27).
   */
  static String switchoverTargetOr(VipPair vipPair, String preferred) {
    SwitchoverRequest req = vipPair.getSpec().getSwitchover();
    SwitchoverStatus done = vipPair.getStatus() == null ? null : vipPair.getStatus().getSwitchover();
    if (req == null || done == null || req.getNonce() == null || !req.getNonce().equals(done.getNonce())
        || vipPair.getSpec().member(req.getTo()) == null) {
      return preferred;
    }
    boolean accepted = done.getPhase() == SwitchoverPhase.InProgress || done.getPhase() == SwitchoverPhase.Succeeded;
    return accepted ? req.getTo() : preferred;
  }

  /** The nonce of a planned switchover to this member that is in progress (status.switchover for spec.switchover's nonce), or null. */
  public static String switchoverTo(VipPair vipPair, String member) {
    SwitchoverRequest req = vipPair.getSpec() == null ? null : vipPair.getSpec().getSwitchover();
    SwitchoverStatus s = vipPair.getStatus() == null ? null : vipPair.getStatus().getSwitchover();
    boolean mine = req != null && s != null && s.getPhase() == SwitchoverPhase.InProgress && member.equals(s.getTo())
        && req.getNonce() != null && req.getNonce().equals(s.getNonce());
    return mine ? s.getNonce() : null;
  }

  private static void check(String field, String value, String pattern) throws InvalidPairException {
    if (value == null || !value.matches(pattern)) {
      throw new InvalidPairException(field + " is not valid (" + describe(value) + "); it must match " + pattern);
    }
  }

  private static int bounded(String field, Integer value, int min, int max) throws InvalidPairException {
    if (value == null || value < min || value > max) {
      throw new InvalidPairException(field + " is " + value + "; it must be from " + min + " to " + max);
    }
    return value;
  }

  /** The bad value, shortened and with control characters made visible, for a one-line message. */
  private static String describe(String value) {
    if (value == null) {
      return "missing";
    }
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
