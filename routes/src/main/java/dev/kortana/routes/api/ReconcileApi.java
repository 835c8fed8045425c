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

    private static final List<String> FIELDS = List.of("happened", "result", "reviewer", "comment");

    private final ApprovalStore approvals;
    private final TaskStore tasks;
    private final ApiAccess access;
    private final AuditTrail audit;
    private final ProducerTemplate queue;

    public ReconcileApi(ApprovalStore approvals, TaskStore tasks, ApiAccess access, AuditTrail audit, ProducerTemplate queue) {
        this.approvals = approvals;
        this.tasks = tasks;
        this.access = access;
        this.audit = audit;
        this.queue = queue;
    }

    /**
     * POST /api/tasks/{id}/reconciliation: {"happened": true|false, "result", "reviewer", "comment"}. With
     * {@code happened: true} the step completes with {@code result} (or a note that the reviewer confirmed it) and the
     * tool is not called again; with {@code false} the call is sent again.
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
        String reviewer = Optional.ofNullable(Requests.text(body, "reviewer")).orElse(who.keyId());
        String comment = Requests.text(body, "comment");
        if (!approvals.reconcile(task.id(), happened, body.get("result"), reviewer)) {
            throw new ApprovalsApi.Refused(409, "task " + task.clientId() + " is " + task.status() + ", not "
                    + TaskStatus.AWAITING_RECONCILIATION + "; only a task parked for a call of unknown outcome takes this answer");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("happened", happened);
        detail.put("reviewer", reviewer);
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
}
