package dev.kortana.processors.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;

/**
 * One audit entry as it is chained and signed. Its {@link #body()} is the canonical JSON of {@code {seq, at, kind,
 * taskId, actor, detail}} with {@code at} in ISO-8601 UTC to the millisecond; {@link #hash} links it to the entry
 * before; the signature is over that hash.
 *
 * @param at     when it happened, kept to the millisecond
 * @param detail a JSON object; an empty one when the caller gave none
 */
public record AuditEntry(long seq, Instant at, String kind, String taskId, String actor, JsonNode detail) {

    /** The prev_hash of row 1. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    public AuditEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
        if (kind == null || kind.isBlank() || actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a kind and an actor");
        }
        at = at.truncatedTo(ChronoUnit.MILLIS);
        detail = detail == null || detail.isNull() ? Json.MAPPER.createObjectNode() : detail;
    }

    /** The caller's detail as a JSON tree, taken at once so that later changes to the map cannot reach the log. */
    public static JsonNode detailTree(Map<String, ?> detail) {
        return detail == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(detail);
    }

    /** The text that is hashed and stored. */
    public String body() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("seq", seq);
        body.put("at", MILLIS.format(at));
        body.put("kind", kind);
        body.put("taskId", taskId);
        body.put("actor", actor);
        body.set("detail", detail);
        return CanonicalJson.write(body);
    }

    /** Reads a stored body back; throws IllegalArgumentException when it is not one. */
    public static AuditEntry fromBody(String body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (!node.path("seq").isIntegralNumber() || !node.path("at").isTextual()) {
                throw new IllegalArgumentException("no seq or at");
            }
            JsonNode taskId = node.path("taskId");
            return new AuditEntry(node.get("seq").asLong(), Instant.parse(node.get("at").asText()),
                    node.path("kind").asText(null), taskId.isTextual() ? taskId.asText() : null,
                    node.path("actor").asText(null), node.get("detail"));
        } catch (JsonProcessingException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not an audit entry body", e);
        }
    }

    /** Hex SHA-256 of {@code prevHash + "\n" + body}, UTF-8. */
    public static String hash(String prevHash, String body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((prevHash + "\n" + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** What the head signature covers: {@code head:<seq>:<hash>}. */
    public static String headText(long seq, String hash) {
        return "head:" + seq + ":" + hash;
    }
}
