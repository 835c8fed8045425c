package dev.kortana.processors.store;

import dev.kortana.processors.approval.Approval;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads rows of the approvals table: the columns every query selects, and one row as an {@link Approval}. */
final class ApprovalRows {

    static final String COLUMNS = "id, task_id, tenant, step_index, tool, args, args_hash, policy_version, rule_id,"
            + " reason, role, status, requested_at, respond_by, on_timeout, escalate_to, valid_for_ms, reviewer, comment,"
            + " decided_at, expires_at";

    private ApprovalRows() {}

    static Approval row(ResultSet rs) throws SQLException {
        return new Approval(rs.getLong("id"), rs.getString("task_id"), rs.getString("tenant"), rs.getInt("step_index"),
                rs.getString("tool"), TaskStore.readTree(rs.getString("args")), rs.getString("args_hash"),
                rs.getString("policy_version"), rs.getString("rule_id"), rs.getString("reason"), rs.getString("role"),
                rs.getString("status"), Database.instant(rs, "requested_at"), Database.instant(rs, "respond_by"),
                rs.getString("on_timeout"), rs.getString("escalate_to"), rs.getLong("valid_for_ms"), rs.getString("reviewer"),
                rs.getString("comment"), Database.instant(rs, "decided_at"), Database.instant(rs, "expires_at"));
    }
}
