package dev.kortana.processors.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One request for a human decision on one escalated step, and, once approved, the receipt that lets that step run:
 * only with the arguments whose hash is {@code argsHash}, only under policy {@code policyVersion}, only until
 * {@code expiresAt}.
 *
 * @param status     PENDING, APPROVED, REJECTED, EXPIRED (nobody answered in time) or SUPERSEDED (the arguments or the
 *                   policy changed, or the task was cancelled)
 * @param role       who may decide: {@code approver} or, after an escalation, the role it was escalated to
 * @param respondBy  when the request times out; then {@code onTimeout} (REJECT or ESCALATE) applies
 */
public record Approval(long id, String taskId, String tenant, int stepIndex, String tool, JsonNode args, String argsHash,
        String policyVersion, String ruleId, String reason, String role, String status, Instant requestedAt,
        Instant respondBy, String onTimeout, String escalateTo, long validForMs, String reviewer, String comment,
        Instant decidedAt, Instant expiresAt) {

    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String EXPIRED = "EXPIRED";
    public static final String SUPERSEDED = "SUPERSEDED";

    public boolean pending() {
        return PENDING.equals(status);
    }

    /** Whether this is an approval that lets the step run with {@code hash} under {@code version} at {@code now}. */
    public boolean admits(String hash, String version, Instant now) {
        return APPROVED.equals(status) && argsHash.equals(hash) && policyVersion.equals(version)
                && expiresAt != null && now.isBefore(expiresAt);
    }
}
