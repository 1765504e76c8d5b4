package io.vippair.operator.heartbeat;

import io.vippair.common.heartbeat.HeartbeatDatagram;
import io.vippair.common.heartbeat.HeartbeatDatagram.Rejection;
import io.vippair.common.heartbeat.HeartbeatKeys;
import io.vippair.operator.failover.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When each member's agent was last heard, from the datagrams whose tag verifies under that
 * member's key and whose sequence is above the last one accepted for the same boot. Boot ids are
 * random (an agent's clock may step back across a restart), so boots have no order: the book
 * remembers the last sequence of a member's {@link #REMEMBERED_BOOTS} latest boots. A forged
 * datagram is rejected, and so is a replay from a remembered boot; a replay from a forgotten boot
 * is accepted, which can at worst make a dead agent look alive: today's probe wait, never a
 * migration. Nothing a sender without the member's key does can get a live agent's datagrams
 * rejected (a boot not remembered is accepted as new). Bounded: at most
 * {@link #MAX_MEMBERS} members; when full, members silent for {@link Heartbeat#KNOWN_WITHIN} make
 * room, else a new member is refused. Thread-safe: the listener writes, reconciles read.
 */
public final class HeartbeatBook {
  public static final int MAX_MEMBERS = 50_000;
  /** Boots of a member whose last sequence is remembered, so their datagrams cannot be replayed. */
  static final int REMEMBERED_BOOTS = 4;

  private final byte[] masterKey;
  private final Duration deafAfter;
  private final int maxMembers;
  private final Map<String, Entry> members = new HashMap<>();
  private Instant lastAccepted;

  private static final class Entry {
    final byte[] key;
    Instant heardAt;
    /** Boot id → its last accepted sequence, the least recently used first. */
    final Map<Long, Long> boots = new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
        return size() > REMEMBERED_BOOTS;
      }
    };

    Entry(byte[] key) {
      this.key = key;
    }
  }

  /**
   * @param masterKey the operator's master key (each member's key is derived from it)
   * @param deafAfter when no member at all was heard for this long, the listener itself may be
   *     deaf (its network, a stalled process): every member's heartbeat is then unknown
   */
  public HeartbeatBook(byte[] masterKey, Duration deafAfter) {
    this(masterKey, deafAfter, MAX_MEMBERS);
  }

  HeartbeatBook(byte[] masterKey, Duration deafAfter, int maxMembers) {
    this.masterKey = masterKey.clone();
    this.deafAfter = deafAfter;
    this.maxMembers = maxMembers;
  }

  /** Accepts a received datagram; returns null when accepted, else why not. */
  public synchronized Rejection accept(byte[] data, int length, Instant at) {
    var parsed = HeartbeatDatagram.parse(data, length);
    if (parsed.rejection() != null) {
      return parsed.rejection();
    }
    var unverified = parsed.unverified();
    HeartbeatDatagram d = unverified.datagram();
    Entry e = members.get(d.member());
    byte[] key = e != null ? e.key : HeartbeatKeys.derive(masterKey, d.member());
    if (!unverified.verify(key)) {
      return Rejection.BAD_TAG;
    }
    if (e == null) {
      if (members.size() >= maxMembers && !makeRoom(at)) {
        return Rejection.UNKNOWN_MEMBER;
      }
      e = new Entry(key);
      members.put(d.member(), e);
    } else {
      Long last = e.boots.get(d.boot());
      if (last != null && d.sequence() <= last) {
        return Rejection.REPLAY;
      }
    }
    e.boots.put(d.boot(), d.sequence());
    e.heardAt = at;
    lastAccepted = at;
    return null;
  }

  /** What the decision may know of the member's agent now. */
  public synchronized Heartbeat view(String member, Instant now) {
    Entry e = members.get(member);
    if (e == null || lastAccepted == null || Duration.between(lastAccepted, now).compareTo(deafAfter) > 0) {
      return Heartbeat.UNKNOWN;
    }
    Duration silent = Duration.between(e.heardAt, now);
    if (silent.isNegative()) {
      silent = Duration.ZERO;
    }
    return silent.compareTo(Heartbeat.KNOWN_WITHIN) > 0 ? Heartbeat.UNKNOWN : Heartbeat.silentFor(silent);
  }

  synchronized int size() {
    return members.size();
  }

  private boolean makeRoom(Instant now) {
    int before = members.size();
    members.values().removeIf(e -> Duration.between(e.heardAt, now).compareTo(Heartbeat.KNOWN_WITHIN) > 0);
    return members.size() < before;
  }
}
