package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Human decisions on running work: the open approval requests a caller may decide, and the decisions. Another tenant's
 * task answers 404, exactly like an unknown one.
 */
public class ApprovalsApi {

    private static final List<String> DECISION_FIELDS = List.of("decision", "reviewer", "comment", "step", "argsHash");

    /** The request cannot be carried out as asked; {@link #status()} is 404 or 409. */
    public static class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final ApprovalStore approvals;
    private final TaskStore tasks;
    private final ApiAccess access;
    private final AuditTrail audit;
    private final ProducerTemplate queue;
    private final PromptsApi prompts;

    public ApprovalsApi(ApprovalStore approvals, TaskStore tasks, ApiAccess access, AuditTrail audit, ProducerTemplate queue,
            PromptsApi prompts) {
        this.prompts = prompts;
        this.approvals = approvals;
        this.tasks = tasks;
        this.access = access;
        this.audit = audit;
        this.queue = queue;
    }

    /**
     * GET /api/approvals: the open requests the caller's tenant may decide, oldest first: steps of tasks, then prompt
     * variants (kind "prompt", for keys of every tenant).
     */
    public void pending(Exchange exchange) {
        Principal who = access.require(exchange, Role.APPROVER);
        ArrayNode items = Json.MAPPER.createArrayNode();
        approvals.pending(who.seesTenant("*") ? null : who.tenant(), 500).forEach(a -> items.add(ApprovalView.of(a)));
        prompts.pendingFor(who).forEach(items::add);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("count", items.size());
        body.set("approvals", items);
        JsonAnswer.write(exchange, 200, body);
    }

    /**
     * POST /api/approvals/{taskId}: {"decision": "approve"|"reject", "reviewer", "comment", "step", "argsHash"}. With
     * {@code argsHash} the decision applies only if the step still has exactly the arguments the reviewer saw.
     */
    public void decide(Exchange exchange) {
        Principal who = access.require(exchange, Role.APPROVER);
        TaskRecord task = ownTask(tasks, exchange, who);
        String taskId = task.id();
        JsonNode body = Requests.jsonBody(exchange);
        // A misspelt field would otherwise be dropped in silence, e.g. "argsHash" the reviewer meant to send.
        body.fieldNames().forEachRemaining(field -> {
            if (!DECISION_FIELDS.contains(field)) {
                throw ContractViolation.of(field, "is not a field of a decision", "send only " + DECISION_FIELDS);
            }
        });
        String decision = Requests.text(body, "decision");
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            throw ContractViolation.of("decision", decision == null ? "is missing" : "'" + decision + "' is not a decision",
                    "send \"approve\" or \"reject\"");
        }
        Approval open = openRequest(task, body);
        if (!who.has(Role.valueOf(open.role().toUpperCase(Locale.ROOT)))) {
            throw new ApiAccess.Denied(403, "this request was escalated to role " + open.role() + "; your key has " + who.roles());
        }
        String hash = Requests.text(body, "argsHash");
        if (hash != null && !hash.equals(open.argsHash())) {
            throw new Refused(409, "step " + open.stepIndex() + " no longer has the arguments you saw: their hash is now "
                    + open.argsHash() + "; review them again (GET /api/approvals)");
        }
        String reviewer = Optional.ofNullable(Requests.text(body, "reviewer")).orElse(who.keyId());
        String comment = Requests.text(body, "comment");
        boolean approve = "approve".equals(decision);
        ApprovalStore.Decision done = approvals.decide(open.id(), approve, reviewer, comment)
                .orElseThrow(() -> new Refused(409, "approval request #" + open.id() + " was closed meanwhile; look again"));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("approval", open.id());
        detail.put("step", open.stepIndex());
        detail.put("tool", open.tool());
        detail.put("decision", approve ? "APPROVED" : "REJECTED");
        detail.put("reviewer", reviewer);
        detail.put("argsHash", open.argsHash());
        detail.put("policyVersion", open.policyVersion());
        if (comment != null) {
            detail.put("comment", comment);
        }
        audit.append("approval", taskId, who.keyId(), detail);
        if (done.reopened()) {
            queue.sendBody(Endpoints.RESUME, taskId);
        }
        ObjectNode answer = ApprovalView.of(done.approval());
        // What happens next, as the cancel answer says CANCELLING: the task is not there yet.
        answer.put("taskStatus", !approve ? "REJECTING" : done.reopened() ? "RESUMING" : TaskStatus.AWAITING_APPROVAL.name());
        JsonAnswer.write(exchange, 200, answer);
    }

    private Approval openRequest(TaskRecord task, JsonNode body) {
        String taskId = task.clientId();
        List<Approval> open = approvals.forTask(task.id()).stream().filter(Approval::pending).toList();
        if (body.hasNonNull("step")) {
            if (!body.get("step").canConvertToExactIntegral()) {
                throw ContractViolation.of("step", "must be a step index", "send the step number, e.g. \"step\": 1");
            }
            int step = body.get("step").asInt();
            open = open.stream().filter(a -> a.stepIndex() == step).toList();
        }
        if (open.isEmpty()) {
            throw new Refused(409, "task " + taskId + " has no open approval request"
                    + (body.hasNonNull("step") ? " for step " + body.get("step").asInt() : "") + "; see GET /api/tasks/" + taskId);
        }
        if (open.size() > 1) {
            throw ContractViolation.of("step", "several steps wait for a decision: "
                    + open.stream().map(Approval::stepIndex).toList(), "say which one with \"step\"");
        }
        return open.get(0);
    }

    static TaskRecord ownTask(TaskStore tasks, Exchange exchange, Principal who) {
        String id = exchange.getMessage().getHeader("taskId", String.class);
        return CallerTasks.find(tasks, exchange, who, id).orElseThrow(() -> notFound(id));
    }

    static Refused notFound(String id) {
        return new Refused(404, "no task has id '" + id + "'");
    }
}
