package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Asks a tool's {@link ReconcileCheck} whether a call whose answer was lost took effect. */
final class ReconcileAsk {

    /**
     * What the check said.
     *
     * @param happened true or false when it answered; null when it could not
     * @param result   the call's result when it happened
     * @param why      why there is no answer, or what answered
     */
    record Answer(Boolean happened, JsonNode result, String why) {

        static Answer none(String why) {
            return new Answer(null, null, why);
        }
    }

    private final ToolTransport transport;
    private final ToolLookup lookup;

    ReconcileAsk(ToolTransport transport, ToolLookup lookup) {
        this.transport = transport;
        this.lookup = lookup;
    }

    Answer ask(ToolSpec spec, ToolCall call, String key) {
        ReconcileCheck check = spec.reconcile();
        try {
            ToolResult answer;
            if (check.tool() != null) {
                ToolSpec checker = lookup == null ? null : lookup.find(check.tool()).orElse(null);
                if (checker == null) {
                    return Answer.none("the reconcile tool " + check.tool() + " is not registered");
                }
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("idempotencyKey", key);
                args.put("args", call.args());
                answer = transport.call(checker, new ToolCall(call.taskId(), call.tenant(), call.stepIndex(), args,
                        call.constraints()).withSpec(checker, null));
            } else {
                ToolSpec getter = new ToolSpec(spec.name(), "http", "reconcile check of " + spec.name(), null, null, null, null,
                        null, null, null, null, true, spec.timeoutMs(), null, null, null, null, null, null, null, null, null, null,
                        false, null, null);
                String url = check.url().replace("{{key}}", URLEncoder.encode(key, StandardCharsets.UTF_8));
                answer = transport.call(getter, new ToolCall(call.taskId(), call.tenant(), call.stepIndex(),
                        Map.of("url", url, "method", "GET"), call.constraints()).withSpec(getter, null));
            }
            return read(check, answer.output());
        } catch (ToolFailure e) {
            return e.httpStatus() == 404 ? new Answer(false, null, check.describe() + " answered 404")
                    : Answer.none(check.describe() + " refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return Answer.none(check.describe() + " failed: " + e.getMessage());
        }
    }

    private static Answer read(ReconcileCheck check, JsonNode output) {
        JsonNode answer = output;
        if (answer != null && !answer.has("happened") && answer.path("text").isTextual()) {
            try {
                answer = Json.MAPPER.readTree(answer.path("text").asText()); // an HTTP check's body
            } catch (java.io.IOException e) {
                return Answer.none(check.describe() + " did not answer JSON");
            }
        }
        if (answer == null || !answer.path("happened").isBoolean()) {
            return Answer.none(check.describe() + " did not answer {\"happened\": true|false}");
        }
        if (!answer.path("happened").asBoolean()) {
            return new Answer(false, null, check.describe());
        }
        JsonNode result = answer.has("result") ? answer.get("result") : Json.MAPPER.createObjectNode()
                .put("text", "the effect was confirmed by " + check.describe() + "; the tool's own answer was not recorded");
        return new Answer(true, result, check.describe());
    }
}
