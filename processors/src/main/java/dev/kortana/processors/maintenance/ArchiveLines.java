package dev.kortana.processors.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A memory row as one line of JSON in an archive file, and back: every column, the embedding included, so a restore
 * needs no model. Field names are the columns' ({@code task_id}, {@code source_tasks}, …); {@code v} is the line format.
 */
public final class ArchiveLines {

    static final int VERSION = 1;

    private ArchiveLines() {}

    public static String write(MemoryRow r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("id", r.id());
        o.put("tenant", r.tenant());
        o.put("task_id", r.taskId());
        o.put("kind", r.kind());
        o.put("content", r.content());
        o.put("quality", r.quality());
        o.put("uses", r.uses());
        o.put("last_used_at", r.lastUsedAt() == null ? null : r.lastUsedAt().toString());
        o.put("created_at", r.createdAt().toString());
        o.put("updated_at", r.updatedAt().toString());
        r.sourceTasks().forEach(o.putArray("source_tasks")::add);
        r.mergedFrom().forEach(o.putArray("merged_from")::add);
        if (r.supersededBy() == null) {
            o.putNull("superseded_by");
        } else {
            o.put("superseded_by", r.supersededBy());
        }
        try {
            o.set("detail", r.detail() == null ? null : Json.MAPPER.readTree(r.detail()));
        } catch (IOException e) {
            throw new UncheckedIOException("memory " + r.id() + " has a detail that is not JSON", e);
        }
        if (r.embedding() == null) {
            o.putNull("embedding");
        } else {
            ArrayNode v = o.putArray("embedding");
            for (float f : r.embedding()) {
                v.add(f);
            }
        }
        o.put("embedding_model", r.embeddingModel());
        return o.toString();
    }

    public static MemoryRow read(String line) {
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("an archive line is not JSON: " + e.getMessage(), e);
        }
        if (o.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("an archive line of format " + o.path("v") + " (this Kor'tana reads " + VERSION + ")");
        }
        List<String> sources = new ArrayList<>();
        o.path("source_tasks").forEach(t -> sources.add(t.asText()));
        List<Long> merged = new ArrayList<>();
        o.path("merged_from").forEach(t -> merged.add(t.asLong()));
        float[] embedding = null;
        if (o.path("embedding").isArray()) {
            embedding = new float[o.path("embedding").size()];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = o.path("embedding").get(i).floatValue();
            }
        }
        JsonNode detail = o.path("detail");
        return new MemoryRow(o.path("id").asLong(), o.path("tenant").asText(), text(o, "task_id"), o.path("kind").asText(),
                o.path("content").asText(), o.path("quality").floatValue(), o.path("uses").asInt(), instant(o, "last_used_at"),
                instant(o, "created_at"), instant(o, "updated_at"), sources, merged,
                o.path("superseded_by").isNumber() ? o.path("superseded_by").asLong() : null,
                detail.isMissingNode() || detail.isNull() ? null : detail.toString(), embedding, text(o, "embedding_model"));
    }

    private static String text(JsonNode o, String field) {
        return o.path(field).isTextual() ? o.path(field).asText() : null;
    }

    private static Instant instant(JsonNode o, String field) {
        String text = text(o, field);
        return text == null ? null : Instant.parse(text);
    }
}
