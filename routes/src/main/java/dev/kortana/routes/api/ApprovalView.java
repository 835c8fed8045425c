package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.store.TaskKeys;

/** An approval request as the API shows it: the step, its exact arguments and their hash, the rule, the deadline. */
final class ApprovalView {

    private ApprovalView() {}

    static ObjectNode of(Approval a) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.put("approvalId", a.id());
        item.put("taskId", TaskKeys.clientId(a.taskId()));
        item.put("tenant", a.tenant());
        item.put("step", a.stepIndex());
        item.put("tool", a.tool());
        item.set("args", a.args());
        item.put("argsHash", a.argsHash());
        item.put("policyVersion", a.policyVersion());
        item.put("rule", a.ruleId());
        item.put("reason", a.reason());
        item.put("role", a.role());
        item.put("status", a.status());
        item.put("requestedAt", a.requestedAt().toString());
        item.put("respondBy", a.respondBy().toString());
        item.put("onTimeout", a.onTimeout());
        if (a.reviewer() != null) {
            item.put("reviewer", a.reviewer());
        }
        if (a.comment() != null) {
            item.put("comment", a.comment());
        }
        if (a.expiresAt() != null) {
            item.put("expiresAt", a.expiresAt().toString());
        }
        return item;
    }
}
