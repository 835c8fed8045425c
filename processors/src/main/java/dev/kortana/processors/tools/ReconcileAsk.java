package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.policy.RateLimited;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Asks a tool's {@link ReconcileCheck} whether a call whose answer was lost took effect. */
final class ReconcileAsk {

    /** What the check said. */
    enum Verdict {
        HAPPENED,
        DID_NOT_HAPPEN,
        /** The check is down or overloaded for now: ask again later. */
        NOT_NOW,
        /** The check cannot tell (not registered, refused, an answer that is not {"happened": …}). */
        CANNOT_TELL
    }

    /**
     * @param verdict what it said
     * @param result  the call's result when it happened
     * @param why     what answered, or why there is no answer
     */
    record Answer(Verdict verdict, JsonNode result, String why) {}

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
                    return new Answer(Verdict.CANNOT_TELL, null, check.describe() + " is not registered");
                }
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("idempotencyKey", key);
                args.put("args", call.args());
                answer = transport.call(checker, new ToolCall(call.taskId(), call.tenant(), call.stepIndex(), args,
                        call.constraints()).withSpec(checker, null));
            } else {
                ToolSpec getter = ToolSpec.httpGet(spec.name(), "reconcile check of " + spec.name(), spec.timeoutMs());
                String url = check.url().replace("{{key}}", URLEncoder.encode(key, StandardCharsets.UTF_8));
                answer = transport.call(getter, new ToolCall(call.taskId(), call.tenant(), call.stepIndex(),
                        Map.of("url", url, "method", "GET"), call.constraints()).withSpec(getter, null));
            }
            return read(check, answer.output());
        } catch (TransientToolFailure | RateLimited e) {
            return new Answer(Verdict.NOT_NOW, null, check.describe() + " did not answer for now");
        } catch (ToolFailure e) {
            return new Answer(Verdict.CANNOT_TELL, null, check.describe() + " refused the question"
                    + (e.httpStatus() > 0 ? " (HTTP " + e.httpStatus() + ")" : ""));
        } catch (RuntimeException e) {
            return new Answer(Verdict.CANNOT_TELL, null, check.describe() + " failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Answer read(ReconcileCheck check, JsonNode output) {
        JsonNode answer = output;
        if (answer != null && !answer.has("happened") && answer.path("text").isTextual()) {
            try {
                answer = Json.MAPPER.readTree(answer.path("text").asText()); // an HTTP check's body
            } catch (java.io.IOException e) {
                return new Answer(Verdict.CANNOT_TELL, null, check.describe() + " did not answer JSON");
            }
        }
        if (answer == null || !answer.path("happened").isBoolean()) {
            return new Answer(Verdict.CANNOT_TELL, null, check.describe() + " did not answer {\"happened\": true|false}");
        }
        if (!answer.path("happened").asBoolean()) {
            return new Answer(Verdict.DID_NOT_HAPPEN, null, check.describe());
        }
        JsonNode result = answer.has("result") ? answer.get("result") : Json.MAPPER.createObjectNode()
                .put("text", "the effect was confirmed by " + check.describe() + "; the tool's own answer was not recorded");
        return new Answer(Verdict.HAPPENED, result, check.describe());
    }
}
