package io.vippair.agent.keepalived;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders one keepalived.conf for all of a member's pairs. Pure and deterministic: the same pairs
 * give the same bytes, so "changed?" is a string comparison and a reload happens only when needed.
 * Only keywords the running keepalived release parses are written ({@link KeepalivedVersion}).
 */
public final class ConfigRenderer {
  /**
   * What any value may look like once it is in the file. {@link PairSettings} already validated
   * everything; this second check stops a future field from reaching keepalived unvalidated.
   */
  private static final Pattern SAFE_TOKEN = Pattern.compile("^[A-Za-z0-9._/:-]+$");

  private final String member;
  private final Path notifyFifo;
  private final Path trackDir;
  private final KeepalivedVersion keepalived;

  /** For the newest keepalived release the agent knows. */
  public ConfigRenderer(String member, Path notifyFifo, Path trackDir) {
    this(member, notifyFifo, trackDir, KeepalivedVersion.NEWEST_KNOWN);
  }

  public ConfigRenderer(String member, Path notifyFifo, Path trackDir, KeepalivedVersion keepalived) {
    this.member = safe(member);
    this.notifyFifo = notifyFifo;
    this.trackDir = trackDir;
    this.keepalived = keepalived;
    safe(notifyFifo.toString());
    safe(trackDir.toString());
  }

  public RenderedConfig render(Collection<PairSettings> pairs) {
    List<PairSettings> sorted = pairs.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
    var out = new StringBuilder();
    out.append("# Written by vippair-node-agent for member ").append(member).append(".\n");
    out.append("# Do not edit: the agent rewrites this file from the VipPairs that name this member.\n\n");
    out.append("global_defs {\n");
    out.append("    router_id vippair-").append(member).append('\n');
    out.append("    vrrp_notify_fifo ").append(safe(notifyFifo.toString())).append('\n');
    if (keepalived.atLeast(KeepalivedVersion.FIFO_STATES_ON_RELOAD)) {
      // older releases say nothing on the FIFO after a reload: an adopted keepalived's roles stay
      // unknown until the next transition (docs/agent.md, keepalived versions)
      out.append("    fifo_write_vrrp_states_on_reload\n");
    }
    // No scripts are configured; naming the user stops keepalived warning about a missing keepalived_script user.
    out.append("    script_user root\n");
    out.append("}\n");
    Map<PairKey, String> hashes = new LinkedHashMap<>();
    for (PairSettings p : sorted) {
      String block = instance(p);
      // an announce request changes keepalived's behaviour for a while, not the pair's configuration
      hashes.put(p.key(), hash(p.announceNonce() == null ? block : instance(p.withoutAnnounce())));
      out.append('\n').append(block);
    }
    return new RenderedConfig(out.toString(), hashes);
  }

  private String instance(PairSettings p) {
    String instance = safe(p.key().instanceName());
    TrackFiles files = TrackFiles.of(trackDir, p.key());
    String healthTrack = instance + "_health";
    String fenceTrack = instance + "_fence";
    // 2.1.0 renamed the block; its old name stays a deprecated synonym
    String trackBlock = keepalived.atLeast(KeepalivedVersion.TRACK_FILE_BLOCK) ? "track_file " : "vrrp_track_file ";
    var b = new StringBuilder();
    b.append(trackBlock).append(healthTrack).append(" {\n");
    b.append("    file ").append(safe(files.health().toString())).append('\n');
    b.append("}\n");
    b.append(trackBlock).append(fenceTrack).append(" {\n");
    b.append("    file ").append(safe(files.fence().toString())).append('\n');
    b.append("}\n");
    b.append("vrrp_instance ").append(instance).append(" {\n");
    b.append("    state BACKUP\n");
    b.append("    interface ").append(safe(p.interfaceName())).append('\n');
    b.append("    virtual_router_id ").append(p.virtualRouterId()).append('\n');
    b.append("    version 3\n");
    b.append("    priority ").append(p.priority()).append('\n');
    if (p.preemptDelaySeconds() == null) {
      b.append("    nopreempt\n");
    } else {
      b.append("    preempt_delay ").append(p.preemptDelaySeconds()).append('\n');
    }
    b.append("    advert_int ").append(seconds(p.advertIntervalMillis())).append('\n');
    b.append("    unicast_src_ip ").append(safe(p.sourceIp())).append('\n');
    b.append("    unicast_peer {\n");
    b.append("        ").append(safe(p.peerIp())).append('\n');
    b.append("    }\n");
    if (keepalived.atLeast(KeepalivedVersion.CHECK_UNICAST_SRC)) {
      b.append("    check_unicast_src\n");
    }
    if (p.announceNonce() != null) {
      // mode HaVip, the operator asked this master to announce again: a reload with these makes
      // keepalived 2.2.7 send gratuitous ARP at once and every second until a reload without them
      b.append("    garp_master_refresh 1\n");
      b.append("    garp_master_refresh_repeat 1\n");
    }
    b.append("    virtual_ipaddress {\n");
    b.append("        ").append(safe(p.vip())).append("/32 dev ").append(safe(p.interfaceName())).append('\n');
    b.append("    }\n");
    b.append("    track_file {\n");
    b.append("        ").append(healthTrack).append(" weight 0\n");
    b.append("        ").append(fenceTrack).append(" weight 0\n");
    b.append("    }\n");
    b.append("}\n");
    return b.toString();
  }

  /** 1000 → "1", 100 → "0.1", 250 → "0.25". */
  static String seconds(int millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  private static String safe(String token) {
    if (token == null || !SAFE_TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("refusing to write an unsafe value into keepalived.conf: "
          + (token == null ? "null" : token.replaceAll("\\p{Cntrl}", "?")));
    }
    return token;
  }

  private static String hash(String text) {
    return PairKey.shortHash(text);
  }
}
