package dev.kortana.processors.tools;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a task waits for a tool that is down before it becomes a dead letter: {@code patience} in tools.yaml,
 * {@code kortana.tools.patience} by default. Written as a number and a unit ({@code 90s}, {@code 30m}, {@code 2h},
 * {@code 1d}) or as an ISO-8601 duration ({@code PT30M}); from 1 second to 7 days.
 */
public final class Patience {

    public static final Duration MAX = Duration.ofDays(7);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");

    private Patience() {
    }

    /** Parses {@code text}; the error names {@code field} and shows how to write it. */
    public static Duration parse(String text, String field) {
        Duration d = null;
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else if (value.startsWith("p")) {
            try {
                d = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                d = null;
            }
        }
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(field + " '" + text + "' must be from 1s to 7d, written like 90s, 30m, 2h or PT30M");
        }
        return d;
    }

    /** A duration as it would be written: {@code 30m}, {@code 90s}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
