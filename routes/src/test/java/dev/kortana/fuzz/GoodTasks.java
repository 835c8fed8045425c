package dev.kortana.fuzz;

import static dev.kortana.fuzz.RawObject.Json.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Valid tasks the offline model completes: a goal, and sometimes an id, a tenant, free-form inputs with odd but valid
 * values, constraints and an explicit plan of memory.search and text.summarize. Every one must be accepted exactly as
 * sent and end COMPLETED.
 */
final class GoodTasks {

    private static final String[] TENANTS = {"default", "acme", "globex", "t-0", "a", "z" + "9".repeat(62), "a" + "-".repeat(62)};
    private static final String[] TOPICS = {"kafka outages", "invoices", "the cafés of Zürich", "日本の天気", "emoji 😀 plans",
            "right-to-left שלום", "tabs\tand\nlines", "quotes \" and \\ slashes /", "../etc/passwd", "'; DROP TABLE tasks; --"};

    private GoodTasks() {}

    /** A valid task; {@code idPrefix} keeps ids apart between channels and runs. */
    static TaskDraft draft(Random r, String idPrefix, int n) {
        RawObject top = new RawObject();
        String topic = TOPICS[r.nextInt(TOPICS.length)];
        String goal = "summarize what memory knows about " + topic + " (fuzz " + n + ")"
                + switch (r.nextInt(8)) {
                    case 0 -> "\r\n";
                    case 1 -> "\u0001\u007f\u2028";
                    case 2 -> " ".repeat(3);
                    default -> "";
                };
        top.put("goal", r.nextInt(6) == 0 ? RawObject.Json.quoteAscii(goal) : quote(goal));
        if (r.nextInt(3) == 0) {
            String id = idPrefix + "-" + n + (r.nextBoolean() ? "" : ".v1:x_y");
            top.put("id", quote(r.nextInt(20) == 0 ? id + "-" + "x".repeat(127 - id.length()) : id));
        }
        if (r.nextInt(3) == 0) {
            top.put("tenant", quote(TENANTS[r.nextInt(TENANTS.length)]));
        }
        if (r.nextInt(2) == 0) {
            top.put("inputs", Values.object(r, 0));
        }
        RawObject constraints = null;
        if (r.nextInt(4) == 0) {
            constraints = new RawObject();
            constraints.put("maxCostUsd", new String[] {"0.5", "0", "10", "1.250", "1e2"}[r.nextInt(5)]);
            if (r.nextBoolean()) {
                constraints.put("dataResidency", quote(new String[] {"eu", "us", "local"}[r.nextInt(3)]));
            }
            if (r.nextBoolean()) {
                constraints.put("deadline", "\"2030-01-01T00:00:00Z\"");
            }
            constraints.put("requireApproval", "false");
        }
        List<RawObject> steps = null;
        if (r.nextInt(4) == 0) {
            steps = new ArrayList<>();
            steps.add(new RawObject().put("tool", "\"memory.search\"")
                    .put("args", "{\"query\":" + quote(topic) + ",\"limit\":" + (1 + r.nextInt(5)) + "}")
                    .put("rationale", quote("look up " + topic)));
            if (r.nextBoolean()) {
                steps.add(new RawObject().put("tool", "\"text.summarize\"")
                        .put("args", "{\"text\":\"{{steps.0.output}}\",\"sentences\":2}")
                        .put("dependsOn", "[0]"));
            }
        }
        return new TaskDraft(top, constraints, steps);
    }

    /** Free-form values: everything here is valid and must come back exactly as sent. */
    static final class Values {

        private static final String[] NUMBERS = {"0", "1", "-1", "42", "1.50", "0.000", "3.14159265358979323846264338327950288",
                "1e2", "1E+2", "-2.5e-3", "1.7976931348623157e308", "4.9e-324", "-1.7976931348623157E308",
                "9223372036854775807", "9223372036854775808", "123456789012345678901234567890", "1e308", "2.2250738585072014e-308"};
        private static final String[] STRINGS = {"", " ", "plain", "NaN", "Infinity", "1e999", "null", "../", "..\\..\\x",
                "line\nbreak\r\n", "\u0001\u001f\u007f", "é", "😀", "\uD83D\uDE00 pair", "\u200b\u202e\ufeff", "<script>x</script>",
                "%00%2e%2e/", "a".repeat(300), "{{steps.0.output}}", "{{goal}} {{inputs}} {{taskId}}"};
        private static final String[] KEYS = {"k", "", " ", "a/b", "~1", "$ref", "__proto__", "ключ", "😀", "line\n", "dots.in.key"};

        private Values() {}

        static String object(Random r, int depth) {
            RawObject o = new RawObject();
            int size = r.nextInt(depth == 0 ? 6 : 4);
            for (int i = 0; i < size; i++) {
                String key = KEYS[r.nextInt(KEYS.length)] + (r.nextBoolean() ? "" : String.valueOf(i));
                if (o.names().contains(key)) {
                    continue;
                }
                o.put(key, value(r, depth + 1));
            }
            return o.toString();
        }

        static String value(Random r, int depth) {
            int pick = r.nextInt(depth > 5 ? 5 : 7);
            return switch (pick) {
                case 0, 1 -> NUMBERS[r.nextInt(NUMBERS.length)];
                case 2 -> r.nextBoolean() ? "true" : "false";
                case 3 -> "null";
                case 4 -> r.nextInt(4) == 0 ? RawObject.Json.quoteAscii(STRINGS[r.nextInt(STRINGS.length)])
                        : quote(STRINGS[r.nextInt(STRINGS.length)]);
                case 5 -> object(r, depth);
                default -> {
                    List<String> items = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        items.add(value(r, depth + 1));
                    }
                    yield RawObject.Json.array(items);
                }
            };
        }
    }
}
