package io.vippair.common.config;

/**
 * A row of a settings table that is no single {@link Setting}: environment read elsewhere (cloud
 * keys), a config file section, a family of flags. Null columns print as a dash.
 */
public record DocRow(String flag, String env, String key, String defaultShown, String help) {}
