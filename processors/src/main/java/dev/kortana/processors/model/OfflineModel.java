package dev.kortana.processors.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.tools.ToolSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in provider: deterministic, free and always available. It plans by matching the goal against the tool
 * catalog, summarises extractively and reflects from the step record. Answers have the same shape a real model's
 * would (plan as JSON text), so stages do not care which provider answered.
 */
public class OfflineModel {

    public static final String PROVIDER = "offline";
    public static final String MODEL = "kortana-offline-1";

    public ModelResponse answer(ModelRequest request) {
        long start = System.nanoTime();
        JsonNode input = request.input() == null ? Json.MAPPER.createObjectNode() : request.input();
        String text = switch (request.purpose()) {
            case "plan" -> plan(input);
            case "summarize" -> summarize(input);
            case "reflect" -> reflect(input);
            case "tool" -> toolAnswer(input);
            default -> throw new IllegalArgumentException("the offline model cannot answer purpose '" + request.purpose() + "'");
        };
        long tokensIn = estimateTokens(request.prompt()) + estimateTokens(input.toString());
        return new ModelResponse(PROVIDER, MODEL, text, tokensIn, estimateTokens(text), BigDecimal.ZERO,
                (System.nanoTime() - start) / 1_000_000);
    }

    private String plan(JsonNode input) {
        List<ToolSpec> tools = new ArrayList<>();
        for (JsonNode t : input.path("tools")) {
            tools.add(Json.MAPPER.convertValue(t, ToolSpec.class));
        }
        List<PlanStep> plan = OfflinePlanner.plan(input.path("goal").asText(""), input.path("inputsText").asText(""), tools,
                PlanHistory.from(input.get("history")));
        try {
            return Json.MAPPER.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write plan", e);
        }
    }

    private String summarize(JsonNode input) {
        String summary = ExtractiveSummarizer.summarize(input.path("text").asText(""), input.path("sentences").asInt(3));
        return summary.isEmpty() ? "There was nothing to summarise." : summary;
    }

    /** A prompted model tool: offline, the best it can do is condense the text it was given. */
    private String toolAnswer(JsonNode input) {
        StringBuilder text = new StringBuilder();
        input.fields().forEachRemaining(f -> text.append(f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()).append(". "));
        String summary = ExtractiveSummarizer.summarize(text.toString(), 3);
        return summary.isEmpty() ? "There was nothing to answer from." : summary;
    }

    private String reflect(JsonNode input) {
        JsonNode steps = input.path("steps");
        List<String> tools = new ArrayList<>();
        long totalMs = 0;
        for (JsonNode s : steps) {
            tools.add(s.path("tool").asText());
            totalMs += s.path("durationMs").asLong();
        }
        String slowest = "";
        long slowestMs = -1;
        for (JsonNode s : steps) {
            if (s.path("durationMs").asLong() > slowestMs) {
                slowestMs = s.path("durationMs").asLong();
                slowest = s.path("tool").asText();
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("Completed ").append(steps.size()).append(steps.size() == 1 ? " step" : " steps")
                .append(" (").append(String.join(" → ", tools)).append(") in ").append(totalMs).append(" ms of tool time.");
        if (steps.size() > 1) {
            out.append(" Slowest step: ").append(slowest).append(" (").append(slowestMs).append(" ms).");
        }
        if (input.path("memoryHits").asInt(-1) == 0) {
            out.append(" Memory had nothing on this goal; this run is now remembered for next time.");
        }
        return out.toString();
    }

    static long estimateTokens(String text) {
        return text == null || text.isBlank() ? 0 : Math.max(1, Math.round(text.length() / 4.0));
    }
}
