package dev.kortana.processors.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * What a planner may learn from the tenant's past: the episodes whose goals are most like the task's (with the tools
 * they ran and how often that worked) and the recent record of each allowed tool. It travels in the plan request's
 * input as {@code history}, so the offline planner and a language model read the same thing.
 */
public record PlanHistory(List<Episode> episodes, List<ToolRecord> toolMetrics) {

    /** Said to a model beside the history: what it is and what to do with it. */
    public static final String ABOUT = "Past episodes of this tenant with goals like this one (the tools they ran, how"
            + " often that succeeded) and each allowed tool's recent record: prefer plans and tools that succeeded, avoid"
            + " tools that keep failing.";

    public static final PlanHistory NONE = new PlanHistory(List.of(), List.of());

    /** One past episode: a goal, the tools its plan ran in order, and how its runs ended. */
    public record Episode(long id, String goal, double similarity, List<String> tools, int runs, int successes,
            int failures, double avgCostUsd, long avgDurationMs) {

        public Episode {
            tools = List.copyOf(tools);
        }

        public double successRate() {
            return runs == 0 ? 0 : (double) successes / runs;
        }
    }

    /** One tool's calls for the tenant over the recent window. */
    public record ToolRecord(String tool, int calls, int successes, int failures, long avgLatencyMs, double avgCostUsd) {

        public double successRate() {
            return calls == 0 ? 0 : (double) successes / calls;
        }

        public double failureRate() {
            return calls == 0 ? 0 : (double) failures / calls;
        }
    }

    public PlanHistory {
        episodes = List.copyOf(episodes);
        toolMetrics = List.copyOf(toolMetrics);
    }

    public boolean isEmpty() {
        return episodes.isEmpty() && toolMetrics.isEmpty();
    }

    /** The history as the plan request's input carries it. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("about", ABOUT);
        var list = json.putArray("episodes");
        for (Episode e : episodes) {
            ObjectNode node = list.addObject();
            node.put("id", e.id());
            node.put("goal", e.goal());
            node.put("similarity", Math.round(e.similarity() * 1000) / 1000.0);
            node.set("tools", Json.MAPPER.valueToTree(e.tools()));
            node.put("runs", e.runs());
            node.put("successes", e.successes());
            node.put("failures", e.failures());
            node.put("successRate", Math.round(e.successRate() * 1000) / 1000.0);
            node.put("avgCostUsd", e.avgCostUsd());
            node.put("avgDurationMs", e.avgDurationMs());
        }
        var tools = json.putArray("toolMetrics");
        for (ToolRecord t : toolMetrics) {
            ObjectNode node = tools.addObject();
            node.put("tool", t.tool());
            node.put("calls", t.calls());
            node.put("successes", t.successes());
            node.put("failures", t.failures());
            node.put("successRate", Math.round(t.successRate() * 1000) / 1000.0);
            node.put("avgLatencyMs", t.avgLatencyMs());
            node.put("avgCostUsd", t.avgCostUsd());
        }
        return json;
    }

    /** Reads {@link #toJson()}'s shape; a missing or malformed history is no history. */
    public static PlanHistory from(JsonNode json) {
        if (json == null || !json.isObject()) {
            return NONE;
        }
        List<Episode> episodes = new ArrayList<>();
        for (JsonNode e : json.path("episodes")) {
            List<String> tools = new ArrayList<>();
            e.path("tools").forEach(t -> tools.add(t.asText()));
            episodes.add(new Episode(e.path("id").asLong(), e.path("goal").asText(""), e.path("similarity").asDouble(),
                    tools, e.path("runs").asInt(), e.path("successes").asInt(), e.path("failures").asInt(),
                    e.path("avgCostUsd").asDouble(), e.path("avgDurationMs").asLong()));
        }
        List<ToolRecord> metrics = new ArrayList<>();
        for (JsonNode t : json.path("toolMetrics")) {
            metrics.add(new ToolRecord(t.path("tool").asText(), t.path("calls").asInt(), t.path("successes").asInt(),
                    t.path("failures").asInt(), t.path("avgLatencyMs").asLong(), t.path("avgCostUsd").asDouble()));
        }
        return new PlanHistory(episodes, metrics);
    }
}
