package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.MemoryQuality;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.MemoryStore.Memory;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * POST /api/memories/{id}/feedback (approver): a person's judgement of a memory, {@code {"helpful": true|false}}, moves
 * its quality; with {@code "correction": "..."} the correction becomes a new fact that supersedes it. Audited, without
 * the memory's or the correction's words.
 */
public class MemoryFeedbackApi {

    /** A correction is a fact: it is held to the size of what a task may teach. */
    private static final int MAX_CORRECTION = dev.kortana.processors.pipeline.MemoryStage.MAX_RESULT_CHARS;

    private final MemoryStore memory;
    private final MemoryQuality quality;
    private final AuditTrail audit;

    public MemoryFeedbackApi(MemoryStore memory, MemoryQuality quality, AuditTrail audit) {
        this.memory = memory;
        this.quality = quality;
        this.audit = audit;
    }

    public void feedback(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        JsonNode body = Requests.jsonBody(exchange);
        JsonNode helpfulField = body.get("helpful");
        if (helpfulField == null || !helpfulField.isBoolean()) {
            throw ContractViolation.of("helpful", "must be true or false",
                    "send {\"helpful\": true} or {\"helpful\": false, \"correction\": \"what is right\"}");
        }
        boolean helpful = helpfulField.booleanValue();
        String correction = Requests.text(body, "correction");
        if (correction != null && (correction.isBlank() || correction.length() > MAX_CORRECTION)) {
            throw ContractViolation.of("correction", "must hold 1 to " + MAX_CORRECTION + " characters",
                    "send the right statement, or leave correction out");
        }
        Principal who = ApiAccess.principal(exchange);
        Optional<Memory> judged = MemoryViews.visible(memory, exchange, id);
        Optional<Double> now = judged.flatMap(m -> quality.judge(who.ownTenant(), m.id(), helpful));
        if (now.isEmpty()) {
            MemoryViews.notFound(exchange, id);
            return;
        }
        Memory m = judged.get();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("memory", m.id());
        detail.put("tenant", m.tenant());
        detail.put("helpful", helpful);
        detail.put("quality", Math.round(now.get() * 1000) / 1000.0);
        if (correction != null) {
            memory.correct(m.tenant(), m.id(), correction.strip(), who.keyId())
                    .ifPresent(corrected -> detail.put("correctedBy", corrected.id()));
        }
        audit.append("memory-feedback", m.taskId(), who.keyId(), detail);
        ObjectNode answer = Json.MAPPER.valueToTree(detail);
        JsonAnswer.write(exchange, 200, answer);
    }
}
