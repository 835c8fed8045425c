package dev.kortana.routes.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where this Kor'tana runs ({@code kortana.environment}, {@code KORTANA_ENV}); only {@link #LOCAL} may run without API keys. */
enum Environment {
    LOCAL, STAGING, PRODUCTION;

    /** Reads the setting; an unknown value stops the start naming the property and the choices. */
    public static Environment parse(String value) {
        String name = value == null ? "" : value.trim();
        for (Environment environment : values()) {
            if (environment.name().equalsIgnoreCase(name)) {
                return environment;
            }
        }
        throw new IllegalArgumentException("kortana.environment (KORTANA_ENV) = '" + name + "' is not an environment; use one of "
                + Arrays.stream(values()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
