package dev.kortana.fuzz;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The suite's own reading of what was sent, independent of the service's, and the comparison of a stored task with
 * it: every field sent must come back with the same value (numbers equal as decimals, times as instants).
 */
public final class AsSent {

    private static final ObjectReader READER = new ObjectMapper().reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private AsSent() {}

    /** The body as a tree (a leading byte order mark skipped), or null when it is not one JSON document in UTF-8. */
    public static JsonNode read(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            return READER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** What differs between the fields sent and the stored task (the {@code task} of {@code GET /api/tasks/{id}}). */
    public static List<String> differences(JsonNode sent, JsonNode stored) {
        List<String> found = new ArrayList<>();
        if (sent == null || !sent.isObject()) {
            found.add("the body sent is not a JSON object, yet a task was stored: " + stored);
            return found;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("constraints")) {
                field.getValue().fields().forEachRemaining(c -> compare("/constraints/" + c.getKey(), c.getValue(),
                        stored.path("constraints").path(c.getKey()), found));
            } else if (name.equals("plan")) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    int step = i;
                    field.getValue().get(i).fields().forEachRemaining(s -> compare("/plan/" + step + "/" + s.getKey(), s.getValue(),
                            stored.path("plan").path(step).path(s.getKey()), found));
                }
            } else {
                compare("/" + name, field.getValue(), stored.path(name), found);
            }
        }
        return found;
    }

    private static void compare(String at, JsonNode sent, JsonNode stored, List<String> found) {
        if (!same(at, sent, stored)) {
            found.add(at + ": sent " + abbreviate(sent.toString()) + ", stored " + abbreviate(stored.toString()));
        }
    }

    private static boolean same(String at, JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (at.equals("/constraints/deadline") && a.isTextual() && b.isTextual()) {
            return Instant.parse(a.textValue()).equals(Instant.parse(b.textValue()));
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!b.has(f.getKey()) || !same(at + "/" + f.getKey(), f.getValue(), b.get(f.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(at + "/" + i, a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
