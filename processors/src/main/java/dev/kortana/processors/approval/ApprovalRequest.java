package dev.kortana.processors.approval;

import java.time.Duration;
import java.util.Map;

/** What the gate asks a human to decide: one step, its exact arguments, and the terms of the rule that escalated it. */
public record ApprovalRequest(String taskId, String tenant, int stepIndex, String tool, Map<String, Object> args,
        String argsHash, String policyVersion, String ruleId, String reason, String role, Duration timeout,
        String onTimeout, String escalateTo, Duration validFor) {}
