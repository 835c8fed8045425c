package dev.kortana.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One source of settings, as flat dotted keys. Layers are applied lowest first: packaged defaults, the environment
 * manifest, the user file, environment variables, system properties, flags.
 *
 * @param source    how {@code config print} names it, e.g. {@code config/cloud/staging.yaml}
 * @param values    key to value as written (references still unresolved)
 * @param fromFile  true for the manifest and the user file, where a secret may only be a reference
 */
public record ConfigLayer(String source, Map<String, String> values, boolean fromFile) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public ConfigLayer {
        values = Map.copyOf(values);
    }

    /** A layer given in code (flags, tests). */
    public static ConfigLayer of(String source, Map<String, String> values) {
        return new ConfigLayer(source, values, false);
    }

    /** A {@code .properties} file. */
    static ConfigLayer properties(String source, InputStream in, boolean fromFile) throws IOException {
        Properties file = new Properties();
        file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Map<String, String> values = new LinkedHashMap<>();
        file.stringPropertyNames().forEach(k -> values.put(k.trim(), file.getProperty(k).trim()));
        return new ConfigLayer(source, values, fromFile);
    }

    /**
     * A YAML file of nested keys ({@code kortana: {db: {url: ...}}}) or dotted ones; a list becomes a comma-separated
     * value. A file that is not a mapping, or names a key twice, is refused with the line.
     */
    static ConfigLayer yaml(String source, InputStream in) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            // The first line only: the parser's excerpt of the offending line could hold a secret.
            throw new IOException(e.getOriginalMessage().lines().findFirst().orElse("not YAML") + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigLayer(source, values, true);
        }
        if (!root.isObject()) {
            throw new IOException("is not a mapping of settings (kortana: ..., camel: ...)");
        }
        flatten("", root, values);
        return new ConfigLayer(source, values, true);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            into.put(prefix, String.join(",", items));
        } else {
            into.put(prefix, node.isNull() ? "" : node.asText());
        }
    }
}
