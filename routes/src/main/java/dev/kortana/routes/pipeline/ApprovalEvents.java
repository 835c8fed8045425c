package dev.kortana.routes.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.store.ApprovalStore;
import dev.kortana.routes.Endpoints;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the world a step waits for a human (the approval-events route logs it and, with Kafka on, publishes it), and
 * applies approval timeouts: an expired request reopens its task, which then ends REJECTED; an escalated one is
 * announced again for its new role.
 */
public class ApprovalEvents implements Consumer<Approval> {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalEvents.class);

    private final ApprovalStore approvals;
    private final AuditTrail audit;
    private final ProducerTemplate producer;

    public ApprovalEvents(ApprovalStore approvals, AuditTrail audit, ProducerTemplate producer) {
        this.approvals = approvals;
        this.audit = audit;
        this.producer = producer;
    }

    /** Announces a new request. The request is already stored; a failed announcement is logged, not fatal. */
    @Override
    public void accept(Approval request) {
        try {
            producer.sendBody(Endpoints.APPROVAL_EVENTS, request);
        } catch (RuntimeException e) {
            LOG.warn("Approval request #{} of task {} is stored, but announcing it failed: {}", request.id(), request.taskId(),
                    e.toString());
        }
    }

    /** The event published on the approvals topic: the request without its arguments (they stay behind the API). */
    public String json(Approval a) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", "approval.requested");
        event.put("approvalId", a.id());
        event.put("taskId", a.taskId());
        event.put("tenant", a.tenant());
        event.put("step", a.stepIndex());
        event.put("tool", a.tool());
        event.put("argsHash", a.argsHash());
        event.put("rule", a.ruleId());
        event.put("reason", a.reason());
        event.put("role", a.role());
        event.put("respondBy", a.respondBy().toString());
        event.put("decide", "/api/approvals/" + a.taskId());
        return event.toString();
    }

    /** Called on a timer: expires or escalates overdue requests. */
    public void applyTimeouts() {
        for (Approval overdue : approvals.applyTimeouts(100)) {
            boolean escalated = "ESCALATE".equals(overdue.onTimeout()) && overdue.escalateTo() != null;
            audit.append(escalated ? "approval-escalated" : "approval-expired", overdue.taskId(), "timeout",
                    Map.of("approval", overdue.id(), "step", overdue.stepIndex(), "tool", overdue.tool(),
                            "role", escalated ? overdue.escalateTo() : overdue.role()));
            if (escalated) {
                approvals.latest(overdue.taskId(), overdue.stepIndex()).ifPresent(this);
            } else {
                producer.sendBody(Endpoints.RESUME, overdue.taskId());
            }
        }
    }
}
