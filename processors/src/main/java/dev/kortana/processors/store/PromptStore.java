package dev.kortana.processors.store;

import dev.kortana.processors.prompts.PromptRefused;
import dev.kortana.processors.prompts.PromptSource;
import dev.kortana.processors.prompts.PromptVersion;
import dev.kortana.processors.prompts.PromptVersions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prompt versions in PostgreSQL. Every change of a template's versions takes a transaction-scoped advisory lock on the
 * template's name, so two instances never number two proposals alike or make two versions active.
 */
public class PromptStore implements PromptSource, PromptVersions {


    private final Database db;
    private final WriteBehind behind;

    public PromptStore(Database db) {
        this(db, WriteBehind.direct(db));
    }

    /** Recording uses through {@code behind}: telemetry, settled in the same order by {@link PromptStatistics}. */
    public PromptStore(Database db, WriteBehind behind) {
        this.db = db;
        this.behind = behind;
    }

    /**
     * Makes {@code shipped} (name → text) version 1 of each template that has no version yet. A template whose versions
     * all differ from this release's text gets it as a proposal, for a person to approve. Returns those proposals.
     */
    public List<PromptVersion> seed(Map<String, String> shipped) {
        List<PromptVersion> proposed = new ArrayList<>();
        shipped.forEach((name, text) -> db.inTransaction(s -> {
            lock(s, name);
            boolean any = s.queryOne("SELECT 1 FROM prompt_versions WHERE name = ? LIMIT 1", rs -> 1, name).isPresent();
            if (!any) {
                s.update("INSERT INTO prompt_versions (name, version, text, status, source, proposed_by, reason, decided_by,"
                        + " decided_at, activated_at) VALUES (?, 1, ?, 'active', 'release', 'kortana', 'the shipped prompt',"
                        + " 'kortana', now(), now())", name, text);
            } else if (s.queryOne("SELECT 1 FROM prompt_versions WHERE name = ? AND text = ?", rs -> 1, name, text).isEmpty()) {
                proposed.add(insert(s, name, text, "release", "kortana", "this release ships a new text for " + name, null, null));
            }
            return null;
        }));
        return proposed;
    }

    @Override
    public List<PromptVersion> live() {
        return db.query("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions WHERE status IN ('active', 'canary')", PromptRows::read);
    }

    /** Every version of every template, by name and version. */
    @Override
    public List<PromptVersion> all() {
        return db.query("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions ORDER BY name, version", PromptRows::read);
    }

    @Override
    public List<PromptVersion> versions(String name) {
        return db.query("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions WHERE name = ? ORDER BY version", PromptRows::read, name);
    }

    @Override
    public Optional<PromptVersion> find(String name, int version) {
        return db.queryOne("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions WHERE name = ? AND version = ?", PromptRows::read,
                name, version);
    }

    /**
     * Adds a proposal, numbered after the template's newest version and based on its active one. Refused (409) when
     * {@code maxPending} proposals of the template already wait, so proposals cannot pile up unread.
     */
    @Override
    public PromptVersion propose(String name, String text, String source, String proposedBy, String reason, Double canaryShare,
            int maxPending) {
        return db.inTransaction(s -> {
            lock(s, name);
            long pending = s.queryOne("SELECT count(*) FROM prompt_versions WHERE name = ? AND status = 'proposed'",
                    rs -> rs.getLong(1), name).orElse(0L);
            if (pending >= maxPending) {
                throw new PromptRefused(409, name + " already has " + pending + " proposals waiting for a decision;"
                        + " decide them first (GET /api/approvals)");
            }
            Integer active = s.queryOne("SELECT version FROM prompt_versions WHERE name = ? AND status = 'active'",
                    rs -> rs.getInt(1), name).orElse(null);
            return insert(s, name, text, source, proposedBy, reason, active, canaryShare);
        });
    }

    /**
     * A person's approval of a proposal: it becomes the canary for {@code share} of the tasks (the share given now, else
     * the one proposed), or, without a share, the active version, retiring the one it replaces.
     */
    @Override
    public PromptVersions.Change approve(String name, int version, String reviewer, String comment, Double share) {
        return db.inTransaction(s -> {
            lock(s, name);
            PromptVersion proposal = inStatus(s, name, version, PromptVersion.PROPOSED);
            Double canaryShare = share != null ? share : proposal.canaryShare();
            Optional<PromptVersion> canary = current(s, name, PromptVersion.CANARY);
            if (canary.isPresent()) {
                throw new PromptRefused(409, name + " v" + canary.get().version() + " is running as a canary; promote it"
                        + " (POST /api/prompts/" + name + "/versions/" + canary.get().version() + "/promote) or roll it back first");
            }
            if (canaryShare != null) {
                s.update("UPDATE prompt_versions SET status = 'canary', canary_share = ?, decided_by = ?, decision_comment = ?,"
                        + " decided_at = now() WHERE name = ? AND version = ?", canaryShare, reviewer, comment, name, version);
                return new PromptVersions.Change(reread(s, name, version), current(s, name, PromptVersion.ACTIVE).orElse(null));
            }
            s.update("UPDATE prompt_versions SET decided_by = ?, decision_comment = ?, decided_at = now() WHERE name = ? AND version = ?",
                    reviewer, comment, name, version);
            return activate(s, name, version);
        });
    }

    /** A person's rejection of a proposal: it never runs. */
    @Override
    public PromptVersion reject(String name, int version, String reviewer, String comment) {
        return db.inTransaction(s -> {
            lock(s, name);
            inStatus(s, name, version, PromptVersion.PROPOSED);
            s.update("UPDATE prompt_versions SET status = 'rejected', decided_by = ?, decision_comment = ?, decided_at = now()"
                    + " WHERE name = ? AND version = ?", reviewer, comment, name, version);
            return reread(s, name, version);
        });
    }

    /** Makes the canary the active version for every task, retiring the one it replaces. */
    @Override
    public PromptVersions.Change promote(String name, int version) {
        return db.inTransaction(s -> {
            lock(s, name);
            inStatus(s, name, version, PromptVersion.CANARY);
            return activate(s, name, version);
        });
    }

    /**
     * Undoes the last step: a running canary is retired (the active version then serves every task again); otherwise the
     * active version is retired and the one it replaced is active again. {@link PromptVersions.Change#version()} is the version retired,
     * {@link PromptVersions.Change#other()} the one in force after.
     */
    @Override
    public PromptVersions.Change rollback(String name) {
        return db.inTransaction(s -> {
            lock(s, name);
            Optional<PromptVersion> canary = current(s, name, PromptVersion.CANARY);
            if (canary.isPresent()) {
                retire(s, name, canary.get().version());
                return new PromptVersions.Change(reread(s, name, canary.get().version()), current(s, name, PromptVersion.ACTIVE).orElse(null));
            }
            PromptVersion active = current(s, name, PromptVersion.ACTIVE)
                    .orElseThrow(() -> new PromptRefused(404, "no prompt is named '" + name + "'"));
            if (active.replaces() == null) {
                throw new PromptRefused(409, name + " v" + active.version() + " replaced no earlier version; there is"
                        + " nothing to roll back to");
            }
            int previous = active.replaces();
            retire(s, name, active.version());
            s.update("UPDATE prompt_versions SET status = 'active', activated_at = now(), retired_at = NULL"
                    + " WHERE name = ? AND version = ?", name, previous);
            return new PromptVersions.Change(reread(s, name, active.version()), reread(s, name, previous));
        });
    }

    @Override
    public void recordUse(String taskId, String name, int version) {
        behind.submit(s -> s.update("INSERT INTO prompt_uses (task_id, name, version) VALUES (?, ?, ?)"
                + " ON CONFLICT (task_id, name) DO UPDATE SET version = EXCLUDED.version", taskId, name, version));
    }

    private static PromptVersion insert(Database.Session s, String name, String text, String source, String proposedBy,
            String reason, Integer basedOn, Double canaryShare) throws SQLException {
        return s.queryOne("INSERT INTO prompt_versions (name, version, text, status, canary_share, source, proposed_by, reason, based_on)"
                + " SELECT ?, COALESCE(max(version), 0) + 1, ?, 'proposed', ?, ?, ?, ?, ? FROM prompt_versions WHERE name = ?"
                + " RETURNING " + PromptRows.COLUMNS, PromptRows::read, name, text, canaryShare, source, proposedBy, reason, basedOn, name)
                .orElseThrow();
    }

    private static PromptVersions.Change activate(Database.Session s, String name, int version) throws SQLException {
        Optional<PromptVersion> active = current(s, name, PromptVersion.ACTIVE);
        if (active.isPresent()) {
            retire(s, name, active.get().version());
        }
        s.update("UPDATE prompt_versions SET status = 'active', replaces = ?, activated_at = now() WHERE name = ? AND version = ?",
                active.map(PromptVersion::version).orElse(null), name, version);
        return new PromptVersions.Change(reread(s, name, version), active.isPresent() ? reread(s, name, active.get().version()) : null);
    }

    private static void retire(Database.Session s, String name, int version) throws SQLException {
        s.update("UPDATE prompt_versions SET status = 'retired', retired_at = now() WHERE name = ? AND version = ?", name, version);
    }

    private static PromptVersion inStatus(Database.Session s, String name, int version, String status) throws SQLException {
        PromptVersion found = s.queryOne("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions WHERE name = ? AND version = ?",
                PromptRows::read, name, version)
                .orElseThrow(() -> new PromptRefused(404, "prompt " + name + " has no version " + version));
        if (!found.is(status)) {
            throw new PromptRefused(409, name + " v" + version + " is " + found.status() + ", not " + status);
        }
        return found;
    }

    private static Optional<PromptVersion> current(Database.Session s, String name, String status) throws SQLException {
        return s.queryOne("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions WHERE name = ? AND status = ?", PromptRows::read, name, status);
    }

    private static PromptVersion reread(Database.Session s, String name, int version) throws SQLException {
        return s.queryOne("SELECT " + PromptRows.COLUMNS + " FROM prompt_versions WHERE name = ? AND version = ?", PromptRows::read,
                name, version).orElseThrow();
    }

    private static void lock(Database.Session s, String name) throws SQLException {
        s.queryOne("SELECT pg_advisory_xact_lock(hashtext('kortana-prompt:' || ?::text))", rs -> 1, name);
    }
}
