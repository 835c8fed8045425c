package dev.kortana.processors.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one strict reading of a JSON document at the edge: valid UTF-8 only (no overlong forms, no CESU-8 surrogates,
 * nothing past U+10FFFF), one document, no key twice, at most {@code maxDepth} levels, no lone surrogate or NUL in
 * a string or key, and every number kept exactly as sent (decimals as BigDecimal) but refused when a double cannot
 * hold it. Nothing is replaced or dropped: the input is either read as sent or refused naming the place.
 */
final class StrictJson {

    /** U+FEFF, which RFC 8259 lets a reader ignore at the start; the rest is read as sent. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String SEND_ONE_TASK = "send one AgentTask as a JSON object in UTF-8, e.g. {\"goal\":\"...\"}";

    private final ObjectReader reader;
    private final int maxDepth;

    StrictJson(int maxDepth) {
        if (maxDepth < 2) {
            throw new IllegalArgumentException("kortana.intake.max-depth=" + maxDepth + " is too small; use at least 2");
        }
        this.maxDepth = maxDepth;
        ObjectMapper mapper = Json.MAPPER.copy()
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build());
        this.reader = mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /** The document as a tree, or a {@link ContractViolation} naming the place of the first problem of each kind. */
    JsonNode read(byte[] body) {
        String text = utf8(body);
        JsonNode tree;
        // From the characters, not the bytes: Jackson would sniff UTF-16 or UTF-32 in bytes and read it without a word.
        try (JsonParser parser = reader.createParser(text.startsWith(BYTE_ORDER_MARK) ? text.substring(1) : text)) {
            try {
                tree = reader.readTree(parser);
            } catch (StreamConstraintsException e) {
                if (!String.valueOf(e.getMessage()).contains("nesting depth")) {
                    throw e;
                }
                throw ContractViolation.of("/", "the body nests deeper than " + maxDepth + " levels, at "
                                + lineAndColumn(parser.currentLocation()),
                        "nest objects and arrays at most " + maxDepth + " levels deep (kortana.intake.max-depth)");
            }
        } catch (IOException e) {
            throw ContractViolation.of("/", "the body is not valid JSON" + where(e) + ": " + why(e), SEND_ONE_TASK);
        }
        if (tree == null || tree.isMissingNode()) {
            throw ContractViolation.of("/", "the body holds no JSON value", SEND_ONE_TASK);
        }
        List<FieldProblem> problems = new ArrayList<>();
        check(tree, "", problems);
        if (!problems.isEmpty()) {
            throw new ContractViolation(problems);
        }
        return tree;
    }

    /**
     * Decodes with REPORT, never REPLACE: the first malformed byte sequence is refused with its line and column. The
     * characters are what the parser then reads, so a body in UTF-16 or UTF-32 (valid UTF-8 only as NUL bytes between
     * the characters) is refused as JSON rather than read in the encoding Jackson would guess.
     */
    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length); // UTF-8 never has fewer bytes than UTF-16 has chars
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw ContractViolation.of("/", "the body is not valid UTF-8 at " + lineAndColumn(body, offset)
                    + " (byte " + offset + ": " + hex(body, offset, result.length()) + ")", SEND_ONE_TASK);
        }
        return out.flip().toString();
    }

    private static String lineAndColumn(byte[] body, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        // The bytes before the error are valid UTF-8, so the column counts characters as an editor shows them.
        try {
            int column = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(body, lineStart, offset - lineStart)).length() + 1;
            return "line " + line + ", column " + column;
        } catch (CharacterCodingException e) {
            return "line " + line;
        }
    }

    private static String hex(byte[] body, int offset, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = offset; i < Math.min(body.length, offset + Math.max(1, length)); i++) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("0x%02x", body[i] & 0xff));
        }
        return s.toString();
    }

    private static void check(JsonNode node, String pointer, List<FieldProblem> found) {
        String at = pointer.isEmpty() ? "/" : pointer;
        if (node.isTextual()) {
            checkText(node.textValue(), at, "", found);
        } else if (node.isNumber() && !finite(node)) {
            found.add(new FieldProblem(at, "the number " + abbreviate(node.asText()) + " is outside the range of a"
                    + " 64-bit floating point number", "send a number between about -1.8e308 and 1.8e308 (and, if not 0, above 4.9e-324 in size), or send it as a string"));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = pointer + "/" + segment(field.getKey());
                checkText(field.getKey(), child, "the field name ", found);
                check(field.getValue(), child, found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), pointer + "/" + i, found);
            }
        }
    }

    /**
     * A field name as a JSON Pointer segment, with a lone surrogate or NUL written as a \\u escape: the place is named
     * in a problem that goes into an HTTP answer, an .error.json file and a Kafka header, none of which can carry it.
     */
    static String segment(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                out.append(c).append(key.charAt(++i));
            } else if (Character.isSurrogate(c) || c == '\0') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c == '~' ? "~0" : c == '/' ? "~1" : String.valueOf(c));
            }
        }
        return out.toString();
    }

    /** PostgreSQL cannot store U+0000, and a lone surrogate is no character: either would be changed on the way. */
    private static void checkText(String text, String at, String what, List<FieldProblem> found) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                found.add(new FieldProblem(at, what + "contains a NUL character (\\u0000)",
                        what.isEmpty() ? "remove the NUL character; it cannot be stored" : "rename the field"));
                return;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                found.add(new FieldProblem(at, what + "contains a lone surrogate (\\u" + String.format("%04x", (int) c)
                        + ") at character " + i + ", which is not a character",
                        "escape a character outside the BMP as a pair (\\ud83d\\ude00) or send it as UTF-8"));
                return;
            }
        }
    }

    private static boolean finite(JsonNode number) {
        double value = number.doubleValue();
        return !Double.isInfinite(value) && !Double.isNaN(value) && (value != 0 || isZero(number));
    }

    private static boolean isZero(JsonNode number) {
        return number.isBigDecimal() ? number.decimalValue().signum() == 0 : number.bigIntegerValue().signum() == 0;
    }

    private static String where(IOException e) {
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
            return " at " + lineAndColumn(jpe.getLocation());
        }
        return "";
    }

    private static String lineAndColumn(JsonLocation location) {
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String why(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).replaceAll("\\s*\\(start marker at.*$", "");
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
