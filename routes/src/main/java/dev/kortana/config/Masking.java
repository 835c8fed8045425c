package dev.kortana.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.util.SensitiveUtils;

/** Secrets out of what is shown: a secret key's value, and passwords, tokens and user info inside other values. */
public final class Masking {

    static final String MASK = "xxxxxx";

    private static final Pattern KEY_PARTS = Pattern.compile("[.\\[\\]]+");
    private static final Pattern SECRET_WORD = Pattern.compile("password|passwd|secret|token|key|cred|auth|headers");
    // user:pass@ in a URL, and password=, token=, key=, secret= parameters (JDBC URLs, JAAS configs, query strings)
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@\\s:]+:)[^/@\\s]*@");
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)(\\b[\\w.-]*(?:password|secret|token|key|cred)[\\w.-]*\\s*=\\s*\"?)[^&;,\\s\"]*");

    private Masking() {}

    /** {@code key=value, ...} of the given settings, sorted, a secret's value masked; "none" when there are none. */
    public static String describe(Map<String, String> given) {
        if (given.isEmpty()) {
            return "none";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        given.forEach((key, value) -> sorted.put(key, masked(key, value)));
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The value as it may be shown: masked whole for a secret key, else with what looks secret inside it masked. */
    public static String masked(String key, String value) {
        if (!value.isBlank() && sensitive(key)) {
            return MASK;
        }
        return URL_USER_INFO.matcher(SECRET_PARAMETER.matcher(value).replaceAll("$1" + MASK)).replaceAll("$1" + MASK + "@");
    }

    /** Camel's list of sensitive names, asked of every part of the key ({@code a.b[ssl.truststore.password]}), and more. */
    static boolean sensitive(String key) {
        return SensitiveUtils.containsSensitive(key) || Arrays.stream(KEY_PARTS.split(key.toLowerCase(Locale.ROOT)))
                .anyMatch(part -> SensitiveUtils.containsSensitive(part) || SECRET_WORD.matcher(part).find());
    }
}
