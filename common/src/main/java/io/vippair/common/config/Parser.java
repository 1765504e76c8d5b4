package io.vippair.common.config;

/**
 * Turns one setting's text into its value. A parser throws {@link IllegalArgumentException} with
 * what it expected ("write true or false"); {@link SettingValues} adds which setting and value.
 */
@FunctionalInterface
public interface Parser<T> {
  T parse(String text);
}
