package io.vippair.agent.config;

/** A setting is missing or wrong; the message names the setting and how to fix it. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
