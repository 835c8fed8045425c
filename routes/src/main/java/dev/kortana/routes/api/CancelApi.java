package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import dev.kortana.routes.access.Role;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/** Stopping a task, running or parked, by a person: a step already calling its tool finishes, nothing after it starts. */
public class CancelApi {

    private final ApprovalStore approvals;
    private final TaskStore tasks;
    private final ApiAccess access;
    private final AuditTrail audit;
    private final ProducerTemplate queue;

    public CancelApi(ApprovalStore approvals, TaskStore tasks, ApiAccess access, AuditTrail audit, ProducerTemplate queue) {
        this.approvals = approvals;
        this.tasks = tasks;
        this.access = access;
        this.audit = audit;
        this.queue = queue;
    }

    /** POST /api/tasks/{id}/cancel: {"reviewer", "comment"}; a running task stops before its next steps. */
    public void cancel(Exchange exchange) {
        Principal who = access.require(exchange, Role.APPROVER);
        TaskRecord task = ApprovalsApi.ownTask(tasks, exchange, who);
        JsonNode body = Requests.jsonBodyOrEmpty(exchange);
        String by = Optional.ofNullable(Requests.text(body, "reviewer")).orElse(who.keyId());
        String comment = Requests.text(body, "comment");
        TaskStatus before = approvals.requestCancel(task.id(), by, comment).orElseThrow(() -> ApprovalsApi.notFound(task.clientId()));
        if (before.isTerminal()) {
            throw new ApprovalsApi.Refused(409, "task " + task.clientId() + " already ended " + before + "; there is nothing to cancel");
        }
        audit.append("cancel", task.id(), who.keyId(), comment == null ? Map.of("by", by) : Map.of("by", by, "comment", comment));
        if (before == TaskStatus.AWAITING_APPROVAL || before == TaskStatus.AWAITING_RECONCILIATION) {
            queue.sendBody(Endpoints.RESUME, task.id());
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        answer.put("taskId", task.clientId());
        answer.put("status", "CANCELLING");
        answer.put("was", before.name());
        answer.put("task", "/api/tasks/" + task.clientId());
        JsonAnswer.write(exchange, 202, answer);
    }
}
