package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.processors.store.ToolCallLedger;
import dev.kortana.processors.tools.ToolLookup;
import dev.kortana.processors.tools.ToolSchemas;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * A person's answer for a task parked AWAITING_RECONCILIATION: did the call whose outcome nobody could find out take
 * effect? Recorded in the ledger and the audit log; the task then resumes, reusing the result or calling again.
 */
public class ReconcileApi {

    private static final List<String> FIELDS = List.of("happened", "result", "step", "reviewer", "comment");

    private final ApprovalStore approvals;
    private final TaskStore tasks;
    private final ToolCallLedger ledger;
    private final ToolLookup tools;
    private final ApiAccess access;
    private final AuditTrail audit;
    private final ProducerTemplate queue;

    public ReconcileApi(ApprovalStore approvals, TaskStore tasks, ToolCallLedger ledger, ToolLookup tools, ApiAccess access,
            AuditTrail audit, ProducerTemplate queue) {
        this.approvals = approvals;
        this.tasks = tasks;
        this.ledger = ledger;
        this.tools = tools;
        this.access = access;
        this.audit = audit;
        this.queue = queue;
    }

    /**
     * POST /api/tasks/{id}/reconciliation: {"happened": true|false, "result", "step", "reviewer", "comment"}. With
     * {@code happened: true} the step completes with {@code result} (required when the tool has a result-schema; else a
     * note that the reviewer confirmed it) and the tool is not called again; with {@code false} the call is sent again.
     * {@code step} says which call, when several wait.
     */
    public void decide(Exchange exchange) {
        Principal who = access.require(exchange, Role.APPROVER);
        TaskRecord task = ApprovalsApi.ownTask(tasks, exchange, who);
        JsonNode body = Requests.jsonBody(exchange);
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw ContractViolation.of(field, "is not a field of a reconciliation", "send only " + FIELDS);
            }
        });
        if (!body.path("happened").isBoolean()) {
            throw ContractViolation.of("happened", body.has("happened") ? "must be true or false" : "is missing",
                    "send \"happened\": true if the call took effect in the target system, false if it did not");
        }
        boolean happened = body.get("happened").asBoolean();
        if (!happened && body.has("result")) {
            throw ContractViolation.of("result", "is only for a call that happened", "leave result out with \"happened\": false");
        }
        if (body.has("step") && !body.get("step").canConvertToExactIntegral()) {
            throw ContractViolation.of("step", "must be a step index", "send the step number, e.g. \"step\": 1");
        }
        Integer step = body.has("step") ? body.get("step").asInt() : null;
        List<ToolCallLedger.Entry> waiting = ledger.unresolved(task.id());
        if (happened) {
            checkResult(waiting, step, body.get("result"));
        }
        String reviewer = Optional.ofNullable(Requests.text(body, "reviewer")).orElse(who.keyId());
        ApprovalStore.Reconciled done = approvals.reconcile(task.id(), step, happened, body.get("result"), reviewer);
        switch (done) {
            case NOT_WAITING -> throw new ApprovalsApi.Refused(409, "task " + task.clientId() + " is " + task.status() + ", not "
                    + TaskStatus.AWAITING_RECONCILIATION + "; only a task parked for a call of unknown outcome takes this answer");
            case NAME_THE_STEP -> throw ContractViolation.of("step", "several calls wait for an answer: steps "
                    + waiting.stream().map(ToolCallLedger.Entry::stepIndex).toList(), "say which one with \"step\"");
            case NO_SUCH_STEP -> throw ContractViolation.of("step", "step " + step + " has no call that waits for an answer",
                    "send one of " + waiting.stream().map(ToolCallLedger.Entry::stepIndex).toList());
            default -> { }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("happened", happened);
        detail.put("reviewer", reviewer);
        if (step != null) {
            detail.put("step", step);
        }
        String comment = Requests.text(body, "comment");
        if (comment != null) {
            detail.put("comment", comment);
        }
        audit.append("reconciliation", task.id(), who.keyId(), detail);
        queue.sendBody(Endpoints.RESUME, task.id());
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("taskId", task.clientId());
        answer.put("happened", happened);
        answer.put("taskStatus", "RESUMING");
        answer.put("task", "/api/tasks/" + task.clientId());
        JsonAnswer.write(exchange, 200, answer);
    }

    /** A step completed on a person's word still has to match its tool's result-schema, as every result does. */
    private void checkResult(List<ToolCallLedger.Entry> waiting, Integer step, JsonNode result) {
        Optional<ToolSpec> tool = waiting.stream().filter(e -> step == null || e.stepIndex() == step).findFirst()
                .flatMap(e -> tools.find(e.tool()));
        if (tool.isEmpty() || tool.get().resultSchema() == null) {
            return;
        }
        if (result == null) {
            throw ContractViolation.of("result", "is required: " + tool.get().name() + " has a result-schema its result must match",
                    "send what the target system says the call returned, e.g. \"result\": {\"orderId\": \"…\"}");
        }
        List<String> problems = ToolSchemas.violations(tool.get().resultSchema(), result);
        if (!problems.isEmpty()) {
            throw ContractViolation.of("result", "does not match the result-schema of " + tool.get().name() + ": "
                    + String.join("; ", problems), "send the result as the tool would have returned it");
        }
    }
}
