package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of tools' arguments and results (draft 2020-12), compiled once per schema. Only local
 * references ({@code #/...}) are accepted: a schema must never make Kor'tana fetch a URL.
 */
public final class ToolSchemas {

    // Nothing is ever loaded from outside the schema: not a $ref, not the meta-schema a "$schema" names.
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance())));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    private static final Map<JsonNode, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private ToolSchemas() {}

    /** Why {@code schema} cannot be used, or empty. */
    public static Optional<String> problem(JsonNode schema) {
        if (schema == null) {
            return Optional.empty();
        }
        if (!schema.isObject()) {
            return Optional.of("must be a JSON Schema object, e.g. {\"type\": \"object\", \"properties\": {...}}");
        }
        Optional<String> remote = remoteReference(schema);
        if (remote.isPresent()) {
            return remote;
        }
        try {
            compile(schema);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("is not a valid JSON Schema: " + e.getMessage());
        }
    }

    /** Each problem as "{@code /field}: what is wrong"; empty when {@code value} matches (or there is no schema). */
    public static List<String> violations(JsonNode schema, JsonNode value) {
        if (schema == null) {
            return List.of();
        }
        return compile(schema).validate(value).stream()
                .map(ToolSchemas::describe)
                .sorted()
                .toList();
    }

    private static JsonSchema compile(JsonNode schema) {
        return COMPILED.computeIfAbsent(schema, s -> FACTORY.getSchema(s, CONFIG));
    }

    private static String describe(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType())) && m.getProperty() != null) {
            at = (at.isEmpty() || at.equals("/") ? "" : at) + "/" + m.getProperty();
        }
        String problem = m.getError() == null ? m.getMessage() : m.getError().replaceFirst("^[:\\s]+", "");
        return (at.isEmpty() ? "/" : at) + ": " + problem;
    }

    private static Optional<String> remoteReference(JsonNode node) {
        if (node.isObject()) {
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                boolean reference = "$ref".equals(field.getKey()) || "$dynamicRef".equals(field.getKey());
                if (reference && !field.getValue().asText().startsWith("#")) {
                    return Optional.of("refers to '" + field.getValue().asText() + "'; only local references (#/...) are allowed");
                }
                Optional<String> nested = remoteReference(field.getValue());
                if (nested.isPresent()) {
                    return nested;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                Optional<String> nested = remoteReference(item);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }
}
