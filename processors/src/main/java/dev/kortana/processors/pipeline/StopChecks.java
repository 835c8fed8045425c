package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.approval.Approval;
import dev.kortana.processors.store.ApprovalStore;
import java.io.IOException;
import java.util.Optional;

/** Ends a task that a person stopped: by a cancel request, or by rejecting (or not deciding on) one of its steps. */
final class StopChecks {

    private final ApprovalStore approvals;

    StopChecks(ApprovalStore approvals) {
        this.approvals = approvals;
    }

    /** Throws CANCELLED, naming who cancelled and why, when a cancel was requested. */
    void checkCancelled(TaskRun run) throws IOException {
        Optional<String> request = approvals.cancelRequest(run.taskId());
        if (request.isPresent()) {
            JsonNode who = Json.MAPPER.readTree(request.get());
            throw new PermanentFailure(TaskStatus.CANCELLED, "cancelled by " + who.path("by").asText()
                    + (who.hasNonNull("comment") ? ": " + who.path("comment").asText() : ""));
        }
    }

    /** Throws REJECTED when a request of the task was rejected or expired. */
    void checkRejected(TaskRun run) {
        PlanVerdicts verdicts = run.verdicts();
        if (verdicts == null || !verdicts.escalatesAny()) {
            return; // nothing of this plan ever asked a person
        }
        Optional<Approval> refused = approvals.refusal(run.taskId());
        if (refused.isPresent()) {
            throw new PermanentFailure(TaskStatus.REJECTED, refusalOf(refused.get()));
        }
    }

    /** Why a rejected or expired request ends its task. */
    static String refusalOf(Approval a) {
        return Approval.REJECTED.equals(a.status())
                ? "step " + a.stepIndex() + " (" + a.tool() + ") was rejected by " + a.reviewer() + (a.comment() == null ? "" : ": " + a.comment())
                : "nobody decided on step " + a.stepIndex() + " (" + a.tool() + ") before its approval timed out (rule " + a.ruleId() + ")";
    }
}
