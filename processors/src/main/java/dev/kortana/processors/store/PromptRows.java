package dev.kortana.processors.store;

import dev.kortana.processors.prompts.PromptVersion;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A {@code prompt_versions} row as {@link PromptVersion}: the columns read and how they map. */
final class PromptRows {

    static final String COLUMNS = "name, version, text, status, canary_share, source, proposed_by, reason, based_on,"
            + " replaces, decided_by, decision_comment, proposed_at, decided_at, activated_at, retired_at, uses, successes,"
            + " validation_failures, failures, cost_usd, latency_ms, recent";

    private PromptRows() {}

    static PromptVersion read(ResultSet rs) throws SQLException {
        double share = rs.getDouble("canary_share");
        Double canaryShare = rs.wasNull() ? null : share;
        int basedOn = rs.getInt("based_on");
        Integer based = rs.wasNull() ? null : basedOn;
        int replaces = rs.getInt("replaces");
        Integer replaced = rs.wasNull() ? null : replaces;
        return new PromptVersion(rs.getString("name"), rs.getInt("version"), rs.getString("text"), rs.getString("status"),
                canaryShare, rs.getString("source"), rs.getString("proposed_by"), rs.getString("reason"), based, replaced,
                rs.getString("decided_by"), rs.getString("decision_comment"), Database.instant(rs, "proposed_at"),
                Database.instant(rs, "decided_at"), Database.instant(rs, "activated_at"), Database.instant(rs, "retired_at"),
                new PromptVersion.Stats(rs.getLong("uses"), rs.getLong("successes"), rs.getLong("validation_failures"),
                        rs.getLong("failures"), rs.getBigDecimal("cost_usd"), rs.getLong("latency_ms"), rs.getString("recent")));
    }
}
