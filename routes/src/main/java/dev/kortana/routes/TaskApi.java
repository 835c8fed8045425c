package dev.kortana.routes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.intake.TaskIds;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.DeadLetterStore;
import dev.kortana.processors.store.TaskEvent;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.processors.store.ToolCallLedger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The HTTP task API's requests and responses; the routes decide which method answers which request. */
public class TaskApi {

    private static final int MAX_LIST = 500;
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final TaskStore tasks;
    private final CheckpointStore checkpoints;
    private final DeadLetterStore deadLetters;
    private final ToolCallLedger ledger;

    public TaskApi(TaskStore tasks, CheckpointStore checkpoints, DeadLetterStore deadLetters, ToolCallLedger ledger) {
        this.ledger = ledger;
        this.tasks = tasks;
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
    }

    /** POST: refuses non-JSON, then sets the intake headers; the id comes from the body or an Idempotency-Key. */
    public void prepareSubmit(Exchange exchange) {
        Message in = exchange.getMessage();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new UnsupportedMediaType(contentType);
        }
        String idempotencyKey = in.getHeader(IDEMPOTENCY_KEY, String.class);
        if (idempotencyKey != null && !idempotencyKey.isBlank() && !TaskIds.isValid(idempotencyKey.trim())) {
            throw ContractViolation.of(IDEMPOTENCY_KEY, "'" + abbreviate(idempotencyKey) + "' cannot be a task id",
                    "use 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        in.setHeader(Headers.CHANNEL, "HTTP");
        in.setHeader(Headers.FALLBACK_ID, idempotencyKey == null || idempotencyKey.isBlank() ? TaskIds.random() : idempotencyKey.trim());
        in.setHeader(Headers.SOURCE_REF, in.getHeader("CamelVertxPlatformHttpRemoteAddress", String.class));
    }

    /** 202 for a new task, 200 with the stored task for a repeat of the same id and body. */
    public void accepted(Exchange exchange) {
        AcceptResult result = exchange.getMessage().getBody(AcceptResult.class);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("taskId", result.taskId());
        body.put("status", result.status().name());
        body.put("existing", result.kind() == AcceptResult.Kind.EXISTING);
        body.set("links", links(result.taskId()));
        respond(exchange, result.kind() == AcceptResult.Kind.CREATED ? 202 : 200, body.toString());
        exchange.getMessage().setHeader("Location", links(result.taskId()).path("self").asText());
    }

    public void task(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Optional<TaskRecord> record = visibleTask(exchange, id);
        Optional<AgentContext> context = record.isEmpty() ? Optional.empty() : checkpoints.load(id);
        if (record.isEmpty() || context.isEmpty()) {
            notFound(exchange, id);
            return;
        }
        ObjectNode view = summary(record.get());
        view.set("plan", Json.MAPPER.valueToTree(record.get().plan()));
        view.set("steps", Json.MAPPER.valueToTree(context.get().steps()));
        view.set("outcome", Json.MAPPER.valueToTree(record.get().outcome()));
        view.set("task", Json.MAPPER.valueToTree(record.get().task()));
        // Calls of non-idempotent tools, as the idempotency ledger has them: what a reviewer reconciles.
        view.set("toolCalls", Json.MAPPER.valueToTree(ledger.forTask(id)));
        respond(exchange, 200, view.toString());
    }

    public void list(Exchange exchange) {
        Message in = exchange.getMessage();
        String statusParam = in.getHeader("status", String.class);
        TaskStatus status = null;
        if (statusParam != null && !statusParam.isBlank()) {
            try {
                status = TaskStatus.valueOf(statusParam.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ContractViolation.of("status", "'" + statusParam + "' is not a task status",
                        "use one of " + Arrays.toString(TaskStatus.values()));
            }
        }
        int limit = limit(in.getHeader("limit", String.class));
        ArrayNode items = Json.MAPPER.createArrayNode();
        tasks.list(status, ApiAccess.principal(exchange).ownTenant(), limit).forEach(r -> items.add(summary(r)));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("count", items.size());
        body.set("tasks", items);
        respond(exchange, 200, body.toString());
    }

    public void events(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        if (visibleTask(exchange, id).isEmpty()) {
            notFound(exchange, id);
            return;
        }
        List<TaskEvent> events = tasks.events(id);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("taskId", id);
        body.set("events", Json.MAPPER.valueToTree(events));
        respond(exchange, 200, body.toString());
    }

    /** Newest first: what retries could not fix, with the task and the exception (the stack trace stays in the table). */
    public void deadLetters(Exchange exchange) {
        int limit = limit(exchange.getMessage().getHeader("limit", String.class));
        ObjectNode body = Json.MAPPER.createObjectNode();
        var list = deadLetters.list(limit);
        body.put("count", list.size());
        body.set("deadLetters", Json.MAPPER.valueToTree(list));
        respond(exchange, 200, body.toString());
    }

    /** The task when the caller may see it; another tenant's task is as absent as an unknown id. */
    private Optional<TaskRecord> visibleTask(Exchange exchange, String id) {
        Principal caller = ApiAccess.principal(exchange);
        return tasks.find(id).filter(r -> caller.seesTenant(r.task().tenant()));
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIST) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ContractViolation.of("limit", "'" + value + "' is not a number from 1 to " + MAX_LIST, "send limit=1.." + MAX_LIST);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static ObjectNode summary(TaskRecord r) {
        ObjectNode view = Json.MAPPER.createObjectNode();
        view.put("taskId", r.id());
        view.put("status", r.status().name());
        view.put("goal", r.task().goal());
        view.put("tenant", r.task().tenant());
        view.put("channel", r.source().channel().name());
        if (r.statusReason() != null) {
            view.put("reason", r.statusReason());
        }
        view.put("createdAt", r.createdAt().toString());
        view.put("updatedAt", r.updatedAt().toString());
        view.set("links", links(r.id()));
        return view;
    }

    private static ObjectNode links(String id) {
        ObjectNode links = Json.MAPPER.createObjectNode();
        links.put("self", "/api/tasks/" + id);
        links.put("events", "/api/tasks/" + id + "/events");
        return links;
    }

    private static void notFound(Exchange exchange, String id) {
        Problems.write(exchange, 404, "Task not found", "no task has id '" + id + "'",
                List.of(new FieldProblem("id", "unknown task id", "check the id returned when the task was submitted")));
    }

    private static void respond(Exchange exchange, int status, String json) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json);
    }

    /** The request body is not JSON. */
    public static class UnsupportedMediaType extends RuntimeException {
        public UnsupportedMediaType(String contentType) {
            super("Content-Type " + (contentType == null ? "(none)" : "'" + contentType + "'")
                    + " is not JSON; send the task with Content-Type: application/json");
        }
    }
}
