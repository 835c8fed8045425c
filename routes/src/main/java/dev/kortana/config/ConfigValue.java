package dev.kortana.config;

/**
 * One setting of the merged configuration.
 *
 * @param key       the dotted key, e.g. {@code kortana.db.url}
 * @param value     the value after references were resolved
 * @param source    the layer it came from, e.g. {@code config/cloud/staging.yaml} or {@code env KORTANA_DB_URL}
 * @param reference what the source wrote when it was a reference ({@code ${env:KORTANA_DB_PASSWORD}}), else null
 */
public record ConfigValue(String key, String value, String source, String reference) {}
