package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.pipeline.DeadLetterReplay;
import dev.kortana.processors.store.DeadLetterStore;
import dev.kortana.processors.store.TaskKeys;
import dev.kortana.processors.tools.ToolBreakers;
import dev.kortana.processors.tools.ToolRegistry;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.access.ApiAccess;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/** The operator side of the HTTP API: tool discovery and registration, dead letters and their replay. */
public class OperatorApi {

    private final ToolRegistry tools;
    private final DeadLetterStore deadLetters;
    private final DeadLetterReplay replay;
    private final ProducerTemplate queue;
    private final ToolBreakers breakers;

    public OperatorApi(ToolRegistry tools, DeadLetterStore deadLetters, DeadLetterReplay replay, ToolBreakers breakers,
            ProducerTemplate queue) {
        this.breakers = breakers;
        this.queue = queue;
        this.tools = tools;
        this.deadLetters = deadLetters;
        this.replay = replay;
    }

    /**
     * GET /api/tools: every tool with what it needs and what it may do, and its health on this instance (its circuit
     * breaker: CLOSED, OPEN or HALF_OPEN, and the failure that opened it); never where it connects or with what.
     */
    public void listTools(Exchange exchange) {
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (ToolSpec spec : tools.all()) {
            ObjectNode item = Json.MAPPER.valueToTree(spec);
            item.remove(java.util.List.of("jdbc-url", "user", "password-env", "sql", "endpoint", "plan-args", "keywords",
                    "health-check"));
            if (spec.healthCheck() != null) {
                item.put("healthCheck", true); // that it has one, not where (the URL may carry a token)
            }
            item.put("source", tools.declaredInFile(spec.name()) ? "tools.yaml" : "api");
            if (spec.reconcile() != null) {
                item.put("reconcile", spec.reconcile().tool() != null ? "tool " + spec.reconcile().tool() : "url");
            }
            item.put("breaker", breakers.state(spec.name()));
            String openedBy = breakers.openedBy(spec.name());
            if (openedBy != null) {
                item.put("breakerOpenedBy", openedBy);
            }
            items.add(item);
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("count", items.size());
        body.set("tools", items);
        JsonAnswer.write(exchange, 200, body);
    }

    /** POST /api/tools: registers or replaces a tool for every instance, recording the key that did. */
    public void registerTool(Exchange exchange) {
        String by = ApiAccess.principal(exchange).keyId();
        JsonNode body = readBody(exchange);
        boolean created = tools.register(body, by);
        String name = body.path("name").asText();
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("name", name);
        answer.put("created", created);
        JsonAnswer.write(exchange, created ? 201 : 200, answer);
        exchange.getMessage().setHeader("Location", "/api/tools#" + name);
    }

    public void deadLetter(Exchange exchange) {
        long id = id(exchange);
        DeadLetterStore.DeadLetter letter = deadLetters.find(id)
                .orElseThrow(() -> new DeadLetterReplay.Refused(404, "no dead letter has id " + id));
        JsonAnswer.write(exchange, 200, Json.MAPPER.valueToTree(letter));
    }

    /** POST /api/dead-letters/{id}/replay, body optional: {"resolve": "done"|"not-done", "result": {...}}. */
    public void replay(Exchange exchange) {
        String by = ApiAccess.principal(exchange).keyId();
        long id = id(exchange);
        JsonNode body = exchange.getMessage().getBody(String.class) == null || exchange.getMessage().getBody(String.class).isBlank()
                ? Json.MAPPER.createObjectNode() : readBody(exchange);
        String resolve = body.hasNonNull("resolve") ? body.get("resolve").asText() : null;
        String key = replay.replay(id, by, resolve, body.get("result"));
        queue.sendBody(Endpoints.RESUME, key);
        String taskId = TaskKeys.clientId(key);
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("deadLetter", id);
        answer.put("taskId", taskId);
        answer.put("status", "ACCEPTED");
        answer.put("task", "/api/tasks/" + taskId + TaskKeys.tenant(key).map(t -> "?tenant=" + t).orElse(""));
        JsonAnswer.write(exchange, 202, answer);
    }

    private static long id(Exchange exchange) {
        String raw = exchange.getMessage().getHeader("id", String.class);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ContractViolation.of("id", "'" + raw + "' is not a dead letter id", "use the numeric id from GET /api/dead-letters");
        }
    }

    private static JsonNode readBody(Exchange exchange) {
        try {
            return Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ContractViolation.of("/", "the body is not JSON: " + e.getOriginalMessage(), "send a JSON object");
        }
    }
}
