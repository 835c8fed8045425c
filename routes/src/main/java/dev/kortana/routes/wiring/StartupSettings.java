package dev.kortana.routes.wiring;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.util.SensitiveUtils;

/** What an operator changed for this run, in one line: the settings given on top of the packaged defaults. */
final class StartupSettings {

    static final String MASK = "xxxxxx";

    private StartupSettings() {}

    /** {@code key=value, ...} of the given settings, sorted, a secret's value masked; "none" when there are none. */
    static String describe(Map<String, String> given) {
        if (given.isEmpty()) {
            return "none";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        given.forEach((key, value) -> sorted.put(key, masked(key, value)));
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String masked(String key, String value) {
        if (SensitiveUtils.containsSensitive(key) && !value.isBlank()) {
            return MASK;
        }
        return value.replaceAll("(?i)(password=)[^&;]*", "$1" + MASK); // a JDBC URL may carry one
    }
}
