package io.vippair.common.config;

/** A flag, environment variable or config file entry is missing or wrong; the message names it and the fix. */
public class BadSetting extends RuntimeException {
  public BadSetting(String message) {
    super(message);
  }
}
