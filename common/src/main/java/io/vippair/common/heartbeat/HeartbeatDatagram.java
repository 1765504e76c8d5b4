package io.vippair.common.heartbeat;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * One heartbeat: "member M's agent, started as boot B, is alive (its S-th beat)", signed with M's
 * key. Layout: magic "VPHB", version 1, member length, member (UTF-8), boot (8 bytes), sequence (8
 * bytes), HMAC-SHA256 tag (32 bytes) over everything before it. No clock is sent: the receiver
 * times a beat by its own clock, so skew between VMs and the operator does not matter.
 */
public record HeartbeatDatagram(String member, long boot, long sequence) {
  public static final byte VERSION = 1;
  private static final byte[] MAGIC = {'V', 'P', 'H', 'B'};
  private static final int TAG_BYTES = 32;
  /** A member name is a DNS label: at most 63 bytes. */
  static final int MAX_MEMBER_BYTES = 63;
  public static final int MAX_BYTES = MAGIC.length + 2 + MAX_MEMBER_BYTES + 16 + TAG_BYTES;

  public HeartbeatDatagram {
    byte[] name = member.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > MAX_MEMBER_BYTES) {
      throw new IllegalArgumentException("a heartbeat's member must be 1-63 bytes: " + member);
    }
  }

  /** The datagram's bytes, signed with the member's key. */
  public byte[] encode(byte[] memberKey) {
    byte[] name = member.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + name.length + 16 + TAG_BYTES);
    b.put(MAGIC).put(VERSION).put((byte) name.length).put(name).putLong(boot).putLong(sequence);
    byte[] tag = HeartbeatKeys.hmac(memberKey, Arrays.copyOf(b.array(), b.position()));
    b.put(tag);
    return b.array();
  }

  /** Why a datagram was not accepted; the names are the metric's {@code reason} label. */
  public enum Rejection {
    MALFORMED("malformed"), VERSION("version"), UNKNOWN_MEMBER("unknown_member"), BAD_TAG("bad_tag"), REPLAY("replay");

    public final String label;

    Rejection(String label) {
      this.label = label;
    }
  }

  /** The parsed fields before the tag is checked; {@link #verify} checks it. */
  public record Unverified(HeartbeatDatagram datagram, byte[] signed, byte[] tag) {
    /** Whether the tag is the member's, compared in constant time. */
    public boolean verify(byte[] memberKey) {
      return MessageDigest.isEqual(HeartbeatKeys.hmac(memberKey, signed), tag);
    }
  }

  /**
   * Parses a received datagram, or says why it cannot be one. The tag is not checked yet: the
   * member named decides which key checks it.
   */
  public static Parsed parse(byte[] data, int length) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data, 0, length);
      byte[] magic = new byte[MAGIC.length];
      b.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        return Parsed.rejected(Rejection.MALFORMED);
      }
      if (b.get() != VERSION) {
        return Parsed.rejected(Rejection.VERSION);
      }
      int nameLength = b.get() & 0xff;
      if (nameLength == 0 || nameLength > MAX_MEMBER_BYTES) {
        return Parsed.rejected(Rejection.MALFORMED);
      }
      byte[] name = new byte[nameLength];
      b.get(name);
      long boot = b.getLong();
      long sequence = b.getLong();
      int signedLength = b.position();
      byte[] tag = new byte[TAG_BYTES];
      b.get(tag);
      if (b.hasRemaining()) {
        return Parsed.rejected(Rejection.MALFORMED);
      }
      var datagram = new HeartbeatDatagram(new String(name, StandardCharsets.UTF_8), boot, sequence);
      return new Parsed(new Unverified(datagram, Arrays.copyOf(data, signedLength), tag), null);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      return Parsed.rejected(Rejection.MALFORMED);
    }
  }

  /** Either a datagram to verify or the reason it was rejected. */
  public record Parsed(Unverified unverified, Rejection rejection) {
    static Parsed rejected(Rejection why) {
      return new Parsed(null, why);
    }

    public Optional<Unverified> ok() {
      return Optional.ofNullable(unverified);
    }
  }
}
