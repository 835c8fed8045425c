package dev.kortana.processors.policy;

import dev.kortana.processors.policy.ApprovalTerms.OnTimeout;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Reads an {@code approval} block; what it leaves out comes from the terms it refines. */
final class ApprovalTermsReader {

    static final List<String> FIELDS = List.of("timeout", "on-timeout", "escalate-to", "valid-for", "role");
    /** The roles of API keys that may decide (routes' Role): a request for any other role could never be decided. */
    static final List<String> KEY_ROLES = List.of("approver", "admin");

    private ApprovalTermsReader() {}

    /** {@code base} refined by {@code block}; {@code base} itself when the block has problems (they are reported). */
    static ApprovalTerms read(MappingReader block, ApprovalTerms base) {
        block.allowOnly(FIELDS);
        int before = block.problems().count();
        Duration timeout = block.duration("timeout");
        Duration validFor = block.duration("valid-for");
        String role = block.text("role", "approver");
        String escalateTo = block.text("escalate-to", "admin");
        role = keyRole(block, "role", role);
        escalateTo = keyRole(block, "escalate-to", escalateTo);
        String onTimeoutText = block.text("on-timeout", "reject");
        OnTimeout onTimeout = base.onTimeout();
        if (onTimeoutText != null) {
            try {
                onTimeout = OnTimeout.valueOf(onTimeoutText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                block.report("on-timeout", "'" + onTimeoutText + "' is not an outcome", "use reject (the step is"
                        + " refused) or escalate (the request goes to the role in escalate-to)");
            }
        }
        if (onTimeout == OnTimeout.ESCALATE) {
            escalateTo = escalateTo != null ? escalateTo : base.escalateTo();
            if (escalateTo == null) {
                block.report("escalate-to", "is missing, and on-timeout is escalate", "name the role an unanswered"
                        + " request goes to, e.g. escalate-to: admin");
            }
        } else if (escalateTo != null) {
            block.report("escalate-to", "is only used with on-timeout: escalate", "add on-timeout: escalate, or"
                    + " remove escalate-to");
        }
        if (block.problems().count() > before) {
            return base;
        }
        return new ApprovalTerms(timeout == null ? base.timeout() : timeout, onTimeout,
                onTimeout == OnTimeout.ESCALATE ? escalateTo : null, validFor == null ? base.validFor() : validFor,
                role == null ? base.role() : role);
    }

    private static String keyRole(MappingReader block, String field, String role) {
        if (role == null || KEY_ROLES.contains(role.toLowerCase(Locale.ROOT))) {
            return role == null ? null : role.toLowerCase(Locale.ROOT);
        }
        block.report(field, "'" + role + "' is not a role that decides approvals, so nobody could decide", "use approver or"
                + " admin (keys get roles in the key file: submitter, approver, admin)");
        return null;
    }
}
