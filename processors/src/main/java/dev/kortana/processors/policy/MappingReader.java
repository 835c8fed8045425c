package dev.kortana.processors.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One YAML mapping of policies.yaml, read field by field. A missing or malformed field is reported to
 * {@link Problems}, naming where it is and how to fix it, and read as absent, so reading goes on to find the rest.
 */
final class MappingReader {

    private final JsonNode node;
    private final String where;
    private final String path;
    private final Problems problems;

    private MappingReader(JsonNode node, String where, String path, Problems problems) {
        this.node = node;
        this.where = where;
        this.path = path;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping; {@code where} names the rule or section, {@code path} the field within it. */
    static MappingReader of(JsonNode node, String where, String path, Problems problems) {
        if (node != null && !node.isNull() && !node.isMissingNode() && !node.isObject()) {
            problems.add(where, path, "must be a mapping", "write it as 'key: value' lines or { key: value }");
            node = null;
        }
        return new MappingReader(node != null && node.isObject() ? node : null, where, path, problems);
    }

    String where() {
        return where;
    }

    Problems problems() {
        return problems;
    }

    /** The full name of {@code key} in problem messages, e.g. {@code when.tool.safety}. */
    String field(String key) {
        return path.isEmpty() || key.isEmpty() ? path + key : path + "." + key;
    }

    boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    boolean isEmpty() {
        return node == null || node.isEmpty();
    }

    JsonNode raw(String key) {
        return has(key) ? node.get(key) : null;
    }

    void report(String key, String problem, String fix) {
        problems.add(where, field(key), problem, fix);
    }

    /** Reports every field not in {@code known}, suggesting the closest known one. */
    void allowOnly(List<String> known) {
        for (Iterator<String> names = node == null ? List.<String>of().iterator() : node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String near = Spelling.closest(name, known);
                report(name, "is not a field here", (near == null ? "" : "did you mean '" + near + "'? ")
                        + "fields here: " + String.join(", ", known));
            }
        }
    }

    /** The fields in file order (for maps keyed by a name, like rate limits). */
    List<Map.Entry<String, JsonNode>> entries() {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (node != null) {
            node.fields().forEachRemaining(out::add);
        }
        return out;
    }

    MappingReader mapping(String key) {
        return has(key) ? of(node.get(key), where, field(key), problems) : null;
    }

    String text(String key, String example) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (!value.isValueNode() || value.asText().isBlank()) {
            report(key, "must be a single word or text", "write it like " + key + ": " + example);
            return null;
        }
        return value.asText().trim();
    }

    /** A list of words; a single word counts as a list of one. An empty list is refused: it would match nothing. */
    List<String> texts(String key, String example) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value.isArray() ? value : List.of(value)) {
            if (!item.isValueNode() || item.isNull() || item.asText().isBlank()) {
                report(key, "must be a list of words", "write it like " + key + ": [" + example + "]");
                return null;
            }
            out.add(item.asText().trim());
        }
        if (out.isEmpty()) {
            report(key, "is an empty list, which matches nothing", "list at least one value, or leave " + key
                    + " out to match any");
            return null;
        }
        return out;
    }

    Boolean bool(String key) {
        JsonNode value = raw(key);
        if (value != null && !value.isBoolean()) {
            report(key, "must be true or false", "write " + key + ": true or " + key + ": false");
            return null;
        }
        return value == null ? null : value.booleanValue();
    }

    /** A number that is zero or more. */
    BigDecimal amount(String key, String example) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            report(key, "must be a number, zero or more (not '" + value.asText() + "')", "write it like " + key
                    + ": " + example + ", without quotes");
            return null;
        }
        return value.decimalValue();
    }

    /** A whole number that is zero or more. */
    Integer count(String key) {
        JsonNode value = raw(key);
        if (value != null && !(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0)) {
            report(key, "must be a whole number, zero or more (not '" + value.asText() + "')", "write it like "
                    + key + ": 2");
            return null;
        }
        return value == null ? null : value.intValue();
    }

    /** A number above zero. */
    Double positive(String key, String example) {
        JsonNode value = raw(key);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !(value.doubleValue() > 0) || Double.isInfinite(value.doubleValue())) {
            report(key, "must be a number above zero (not '" + value.asText() + "')", "write it like " + key
                    + ": " + example);
            return null;
        }
        return value.doubleValue();
    }

    /** An ISO-8601 duration above zero, e.g. PT4H. */
    Duration duration(String key) {
        String text = text(key, "PT4H");
        if (text == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        report(key, "'" + text + "' is not a positive ISO-8601 duration", "write it like PT30M, PT4H or P1D");
        return null;
    }
}
