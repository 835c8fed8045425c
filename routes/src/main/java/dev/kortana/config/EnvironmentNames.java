package dev.kortana.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which environment variable sets which key: the key upper-cased with {@code .} and {@code -} as {@code _}
 * ({@code kortana.db.pool-size} is {@code KORTANA_DB_POOL_SIZE}, {@code camel.server.port} is
 * {@code CAMEL_SERVER_PORT}), plus the shorter names Kor'tana has always read.
 */
final class EnvironmentNames {

    /** Names that do not follow the rule, kept because deployments use them. */
    static final Map<String, String> ALIASES = Map.of(
            "KORTANA_ENV", "kortana.environment",
            "KORTANA_KEYS_FILE", "kortana.auth.keys-file",
            "KORTANA_ADMIN_KEY", "kortana.admin.api-key",
            "KORTANA_OTLP_ENDPOINT", "kortana.tracing.otlp-endpoint",
            "KORTANA_OTLP_HEADERS", "kortana.tracing.otlp-headers");

    private EnvironmentNames() {}

    static String of(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The settings the environment gives, with the variable that gave each; an alias loses to the full name. */
    static Map<String, Map.Entry<String, String>> settings(Set<String> keys, Map<String, String> environment) {
        Map<String, Map.Entry<String, String>> found = new LinkedHashMap<>();
        ALIASES.forEach((name, key) -> {
            if (environment.containsKey(name)) {
                found.put(key, Map.entry(name, environment.get(name)));
            }
        });
        for (String key : keys) {
            String name = of(key);
            if (environment.containsKey(name)) {
                found.put(key, Map.entry(name, environment.get(name)));
            }
        }
        return found;
    }
}
