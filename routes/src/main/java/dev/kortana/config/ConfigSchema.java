package dev.kortana.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.kortana.processors.policy.Spelling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * configuration.schema.json (packaged from config/): every {@code kortana.*} key with its type and limits, secrets
 * marked {@code writeOnly}. Values arrive as text; each is read as the type its key declares before the check, so the
 * schema's own limits (minimum, enum, pattern) apply.
 */
final class ConfigSchema {

    static final String RESOURCE = "configuration.schema.json";

    private final JsonSchema schema;
    private final JsonNode properties;
    private final Set<String> keys;

    private ConfigSchema(JsonNode document) {
        this.properties = document.path("properties");
        TreeSet<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        this.keys = Set.copyOf(names);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(document, config);
    }

    static ConfigSchema load() {
        try (InputStream in = ConfigSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new ConfigSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    Set<String> keys() {
        return keys;
    }

    boolean secret(String key) {
        return properties.path(key).path("writeOnly").asBoolean(false);
    }

    /** Every problem of the merged values, each naming its key and source. */
    List<ConfigProblem> check(Map<String, ConfigValue> values) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode();
        values.forEach((key, v) -> {
            if (!v.value().contains("{{")) { // a Camel placeholder is resolved (and checked) by Camel
                instance.set(key, typed(properties.path(key).path("type").asText(""), v.value()));
            }
        });
        List<ConfigProblem> problems = new ArrayList<>();
        values.forEach((key, v) -> {
            String first = key.split("\\.", 2)[0];
            String meant = Spelling.closest(first, List.of("kortana", "camel"));
            if (meant != null && !meant.equals(first)) { // an operator's own key may be anything but a near miss of ours
                problems.add(new ConfigProblem(key, v.source(), "is not a setting Kor'tana knows",
                        "did you mean " + meant + key.substring(first.length()) + "?"));
            }
        });
        for (ValidationMessage m : schema.validate(instance)) {
            String key = "additionalProperties".equals(m.getType()) ? m.getProperty() : m.getInstanceLocation().getName(-1);
            ConfigValue v = values.get(key);
            problems.add(problem(m, key, v == null ? "?" : v.source(), v == null ? "" : v.value()));
        }
        return problems;
    }

    private ConfigProblem problem(ValidationMessage m, String key, String source, String value) {
        JsonNode spec = properties.path(key);
        String shown = secret(key) ? "the value" : "'" + value + "'";
        return switch (m.getType()) {
            case "additionalProperties" -> {
                String near = Spelling.closest(key, List.copyOf(keys));
                yield new ConfigProblem(key, source, "is not a setting Kor'tana knows",
                        (near == null ? "remove it" : "did you mean " + near + "?")
                                + " (docs/CONFIGURATION.md lists every key)");
            }
            case "type" -> new ConfigProblem(key, source, shown + " is not " + typeName(spec.path("type").asText()),
                    "write " + typeName(spec.path("type").asText()) + example(key, spec));
            case "minimum", "maximum" -> new ConfigProblem(key, source, shown + " is out of range",
                    "use a value " + range(spec));
            case "enum" -> {
                List<String> choices = new ArrayList<>();
                spec.path("enum").forEach(c -> choices.add(c.asText()));
                String near = Spelling.closest(value, choices);
                yield new ConfigProblem(key, source, shown + " is not one of " + String.join(", ", choices),
                        near == null ? "use one of them" : "did you mean " + near + "?");
            }
            case "pattern" -> new ConfigProblem(key, source, shown + " is not in the expected form",
                    "write a duration such as 90s, 30m, 2h or PT30M");
            default -> new ConfigProblem(key, source, m.getMessage(), "see docs/CONFIGURATION.md for " + key);
        };
    }

    private static String typeName(String type) {
        return switch (type) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            default -> "text";
        };
    }

    private static String example(String key, JsonNode spec) {
        if ("integer".equals(spec.path("type").asText()) && key.endsWith("-ms")) {
            return " of milliseconds (15000, not 15s)";
        }
        return "";
    }

    private static String range(JsonNode spec) {
        boolean min = spec.has("minimum");
        boolean max = spec.has("maximum");
        if (min && max) {
            return "from " + spec.get("minimum").asText() + " to " + spec.get("maximum").asText();
        }
        return min ? "of at least " + spec.get("minimum").asText() : "of at most " + spec.get("maximum").asText();
    }

    /** The text as the JSON type its key declares; left as text when it is not one, for the schema to name. */
    private static JsonNode typed(String type, String text) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String t = text.trim();
        try {
            return switch (type) {
                case "integer" -> json.numberNode(Long.parseLong(t));
                case "number" -> json.numberNode(new BigDecimal(t));
                case "boolean" -> "true".equalsIgnoreCase(t) || "false".equalsIgnoreCase(t)
                        ? json.booleanNode(Boolean.parseBoolean(t)) : json.textNode(text);
                default -> json.textNode(text);
            };
        } catch (NumberFormatException e) {
            return json.textNode(text);
        }
    }
}
