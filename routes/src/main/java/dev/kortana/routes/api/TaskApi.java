package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.DeadLetterStore;
import dev.kortana.processors.store.TaskEvent;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.processors.store.TaskSummary;
import dev.kortana.processors.store.ToolCallLedger;
import dev.kortana.routes.access.ApiAccess;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The read side of the HTTP task API: a task, its events, lists of tasks and dead letters, as JSON. */
public class TaskApi {

    private static final int MAX_LIST = 500;

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

    public void task(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Optional<TaskRecord> record = visibleTask(exchange, id);
        if (record.isEmpty()) {
            notFound(exchange, id);
            return;
        }
        TaskRecord r = record.get();
        ObjectNode view = summary(TaskSummary.of(r));
        view.set("plan", Json.MAPPER.valueToTree(r.plan()));
        view.set("steps", Json.MAPPER.valueToTree(checkpoints.steps(r.id())));
        view.set("outcome", Json.MAPPER.valueToTree(r.outcome() == null ? null : r.outcome().withTaskId(r.clientId())));
        view.set("task", Json.MAPPER.valueToTree(r.task().withId(r.clientId())));
        // Calls of non-idempotent tools, as the idempotency ledger has them: what a reviewer reconciles.
        ArrayNode calls = Json.MAPPER.valueToTree(ledger.forTask(r.id()));
        calls.forEach(call -> ((ObjectNode) call).put("taskId", r.clientId()));
        view.set("toolCalls", calls);
        JsonAnswer.write(exchange, 200, view);
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
        int limit = Requests.limit(in.getHeader("limit", String.class), 50, MAX_LIST);
        ArrayNode items = Json.MAPPER.createArrayNode();
        tasks.list(status, ApiAccess.principal(exchange).ownTenant(), limit).forEach(r -> items.add(summary(r)));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("count", items.size());
        body.set("tasks", items);
        JsonAnswer.write(exchange, 200, body);
    }

    public void events(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        Optional<TaskRecord> record = visibleTask(exchange, id);
        if (record.isEmpty()) {
            notFound(exchange, id);
            return;
        }
        List<TaskEvent> events = tasks.events(record.get().id());
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("taskId", id);
        body.set("events", Json.MAPPER.valueToTree(events));
        JsonAnswer.write(exchange, 200, body);
    }

    /** Newest first: what retries could not fix, with the task and the exception (the stack trace stays in the table). */
    public void deadLetters(Exchange exchange) {
        int limit = Requests.limit(exchange.getMessage().getHeader("limit", String.class), 50, MAX_LIST);
        ObjectNode body = Json.MAPPER.createObjectNode();
        var list = deadLetters.list(limit);
        body.put("count", list.size());
        body.set("deadLetters", Json.MAPPER.valueToTree(list));
        JsonAnswer.write(exchange, 200, body);
    }

    /** The task when the caller may see it; another tenant's task is as absent as an unknown id. */
    private Optional<TaskRecord> visibleTask(Exchange exchange, String id) {
        return CallerTasks.find(tasks, exchange, ApiAccess.principal(exchange), id);
    }


    private static ObjectNode summary(TaskSummary r) {
        ObjectNode view = Json.MAPPER.createObjectNode();
        view.put("taskId", r.clientId());
        view.put("status", r.status().name());
        view.put("goal", r.goal());
        view.put("tenant", r.tenant());
        view.put("channel", r.channel().name());
        String traceId = TaskTraces.traceId(r.traceParent());
        if (traceId != null) {
            view.put("traceId", traceId); // to find the task's trace in the tracing backend
        }
        if (r.statusReason() != null) {
            view.put("reason", r.statusReason());
        }
        view.put("createdAt", r.createdAt().toString());
        view.put("updatedAt", r.updatedAt().toString());
        view.set("links", links(r.clientId()));
        return view;
    }

    /** Where a task and its events are read. */
    public static ObjectNode links(String id) {
        ObjectNode links = Json.MAPPER.createObjectNode();
        links.put("self", "/api/tasks/" + id);
        links.put("events", "/api/tasks/" + id + "/events");
        return links;
    }

    private static void notFound(Exchange exchange, String id) {
        Problems.write(exchange, 404, "Task not found", "no task has id '" + id + "'",
                List.of(new FieldProblem("id", "unknown task id", "check the id returned when the task was submitted")));
    }

}
