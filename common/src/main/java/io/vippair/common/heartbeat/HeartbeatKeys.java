package io.vippair.common.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The heartbeat's keys. The operator holds one master key; each agent holds only the key derived
 * from it for its own member, HMAC-SHA256(master, "vippair-heartbeat-v1/" + member), so a VM that
 * is taken over can speak for itself and for no other member. Keys never appear in messages:
 * every error here names the file and the fix, not the content.
 */
public final class HeartbeatKeys {
  static final String LABEL = "vippair-heartbeat-v1/";
  /** A master key shorter than this is refused: it could be guessed offline from one datagram. */
  public static final int MIN_MASTER_KEY_BYTES = 16;
  static final String ALGORITHM = "HmacSHA256";

  private HeartbeatKeys() {}

  /** The member's key, derived from the master key. */
  public static byte[] derive(byte[] masterKey, String member) {
    return hmac(masterKey, (LABEL + member).getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of the data under the key. */
  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * The master key: the file's bytes with surrounding whitespace removed (a Secret written with a
   * trailing newline is the same key).
   *
   * @param flag the setting that named the file, for the message
   */
  public static byte[] readMasterKey(Path file, String flag) {
    String text = read(file, flag, "a file with a random key of at least " + MIN_MASTER_KEY_BYTES + " characters, "
        + "e.g. head -c 32 /dev/urandom | base64 > FILE").strip();
    byte[] key = text.getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_MASTER_KEY_BYTES) {
      throw new IllegalArgumentException(flag + " " + file + ": the key is shorter than " + MIN_MASTER_KEY_BYTES
          + " characters; write a random one, e.g. head -c 32 /dev/urandom | base64 > " + file);
    }
    return key;
  }

  /** A member's key as written by {@code vippair heartbeat-key}: 64 hexadecimal digits. */
  public static byte[] readMemberKey(Path file, String field) {
    String text = read(file, field, "the member's key from `vippair heartbeat-key --member M --master-key-file F`").strip();
    if (!text.matches("^[0-9a-fA-F]{64}$")) {
      throw new IllegalArgumentException(field + " " + file + ": not a heartbeat key (64 hexadecimal digits); write it with "
          + "`vippair heartbeat-key --member M --master-key-file F > " + file + "`");
    }
    return HexFormat.of().parseHex(text);
  }

  /** The member's key as text for its key file. */
  public static String toText(byte[] memberKey) {
    return HexFormat.of().formatHex(memberKey);
  }

  private static String read(Path file, String field, String fix) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(field + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + "); give "
          + fix);
    }
  }
}
