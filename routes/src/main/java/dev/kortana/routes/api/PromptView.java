package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.prompts.PromptVersion;
import java.time.Instant;

/** A prompt version as the API shows it: its text, status, provenance and outcome statistics. */
final class PromptView {

    private PromptView() {}

    static ObjectNode of(PromptVersion v) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("name", v.name());
        item.put("version", v.version());
        item.put("status", v.status());
        if (v.canaryShare() != null) {
            item.put("canaryShare", v.canaryShare());
        }
        item.put("text", v.text());
        item.put("source", v.source());
        item.put("proposedBy", v.proposedBy());
        item.put("reason", v.reason());
        if (v.basedOn() != null) {
            item.put("basedOn", v.basedOn());
        }
        if (v.replaces() != null) {
            item.put("replaces", v.replaces());
        }
        if (v.decidedBy() != null) {
            item.put("decidedBy", v.decidedBy());
        }
        if (v.decisionComment() != null) {
            item.put("comment", v.decisionComment());
        }
        time(item, "proposedAt", v.proposedAt());
        time(item, "decidedAt", v.decidedAt());
        time(item, "activatedAt", v.activatedAt());
        time(item, "retiredAt", v.retiredAt());
        if (v.is(PromptVersion.PROPOSED)) {
            item.put("approvalId", v.approvalId());
        }
        PromptVersion.Stats s = v.stats();
        ObjectNode stats = item.putObject("stats");
        stats.put("uses", s.uses());
        stats.put("successes", s.successes());
        stats.put("validationFailures", s.validationFailures());
        stats.put("failures", s.failures());
        stats.put("costUsd", s.costUsd().stripTrailingZeros().toPlainString());
        stats.put("meanLatencyMs", s.uses() == 0 ? 0 : s.latencyMs() / s.uses());
        stats.put("recent", s.recent());
        return item;
    }

    /** A proposal as the approvals list shows it, beside the step approvals: {@code kind} tells them apart. */
    static ObjectNode approval(PromptVersion v) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("kind", "prompt");
        item.put("approvalId", v.approvalId());
        item.put("prompt", v.name());
        item.put("version", v.version());
        if (v.basedOn() != null) {
            item.put("basedOn", v.basedOn());
        }
        item.put("text", v.text());
        item.put("source", v.source());
        item.put("proposedBy", v.proposedBy());
        item.put("reason", v.reason());
        if (v.canaryShare() != null) {
            item.put("canaryShare", v.canaryShare());
        }
        item.put("status", "PENDING");
        time(item, "requestedAt", v.proposedAt());
        item.put("decide", "POST /api/approvals/" + v.approvalId());
        return item;
    }

    private static void time(ObjectNode item, String field, Instant at) {
        if (at != null) {
            item.put(field, at.toString());
        }
    }
}
