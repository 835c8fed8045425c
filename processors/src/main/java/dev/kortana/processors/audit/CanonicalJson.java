package dev.kortana.processors.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * JSON text with the keys of every object sorted and no whitespace: the same content always gives the same text, so
 * its hash is stable. Arrays keep their order.
 */
final class CanonicalJson {

    private CanonicalJson() {}

    static String write(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = Json.MAPPER.createGenerator(text)) {
            write(out, node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write canonical JSON", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                out.writeFieldName(name);
                write(out, node.get(name));
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (Iterator<JsonNode> elements = node.elements(); elements.hasNext(); ) {
                write(out, elements.next());
            }
            out.writeEndArray();
        } else {
            out.writeTree(node);
        }
    }
}
