package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The idempotency ledger. Every call of a non-idempotent tool claims its row before the call and settles it after,
 * so a retry, a resumed task or a dead-letter replay knows whether the effect already happened:
 * <ul>
 *   <li>{@code COMPLETED}: it did; the recorded result is returned and the tool is not called again;</li>
 *   <li>{@code NOT_DELIVERED} or {@code FAILED}: it certainly did not (refused, 429/503, a 4xx); it may be called again;</li>
 *   <li>{@code STARTED} found by a later attempt, or {@code UNKNOWN}: nobody knows (a crash or a timeout mid-call).
 *       A tool that honours idempotency keys is sent the call again ({@link #resend}); a tool's reconcile check may
 *       answer ({@link #resolvedBy}); otherwise a person decides ({@link #resolve}).</li>
 * </ul>
 * {@code attempts} counts the sends; on a settled row it is the attempt that settled it, and {@code resolved_by} says
 * who settled an unknown outcome: a person, the tool's reconcile check, or a resend with the same idempotency key.
 */
public class ToolCallLedger {

    /** The row of one call. */
    public record Entry(String key, String taskId, int stepIndex, String tool, String status, int attempts,
            JsonNode result, String error, String resolvedBy, String node, Instant startedAt, Instant finishedAt) {

        public boolean unresolved() {
            return STARTED.equals(status) || UNKNOWN.equals(status);
        }
    }

    public static final String STARTED = "STARTED";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    public static final String NOT_DELIVERED = "NOT_DELIVERED";
    public static final String UNKNOWN = "UNKNOWN";

    private static final String COLUMNS = "call_key, task_id, step_index, tool, status, attempts, result, error,"
            + " resolved_by, node, started_at, finished_at";

    private final Database db;
    private final String node;
    /**
     * What this process did with each key it has not settled yet: claimed it ({@code attempted}, counted from before
     * the claim's transaction, so a claim whose commit answer was lost counts) and began to send it ({@code sent}). A
     * STARTED row this process claimed and never began to send was certainly never sent: the database went away between
     * the claim and the send. A node id is not enough to say so, since an operator may give a restarted process the
     * same one. Past {@link #SENT_LIMIT} keys the sets stop answering and every STARTED row counts as possibly sent,
     * the safe side.
     */
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private volatile boolean sentOverflowed;
    static final int SENT_LIMIT = 100_000;

    /**
     * @param node this worker's node id; the rows record it with a suffix of this process's own, so that a row is known
     *             to be this process's even where an operator gives a restarted process the same node id
     */
    public ToolCallLedger(Database db, String node) {
        this.db = db;
        this.node = node + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The name this process's rows carry: the node id and a suffix of this process's own. */
    protected String node() {
        return node;
    }

    /**
     * Claims the call: empty when this attempt may call the tool (a new row, or one whose earlier attempt certainly
     * had no effect); otherwise the row that says why not (completed, or outcome unknown).
     */
    public Optional<Entry> claim(String key, String taskId, int stepIndex, String tool) {
        boolean triedBefore = attempted.contains(key);
        if (attempted.size() >= SENT_LIMIT) {
            sentOverflowed = true;
        }
        attempted.add(key); // before the database: a claim whose commit answer is lost still counts as this process's
        Optional<Entry> row = claimRow(key, taskId, stepIndex, tool);
        if (row.isPresent() && !triedBefore) {
            attempted.remove(key); // the row is another run's (or another process's under the same node id)
        }
        return row;
    }

    /** The claim itself, in the database. */
    protected Optional<Entry> claimRow(String key, String taskId, int stepIndex, String tool) {
        return db.inTransaction(s -> {
            int claimed = s.update("INSERT INTO tool_calls (call_key, task_id, step_index, tool, status, node)"
                            + " VALUES (?, ?, ?, ?, 'STARTED', ?)"
                            + " ON CONFLICT (call_key) DO UPDATE SET status = 'STARTED', attempts = tool_calls.attempts + 1,"
                            + " node = EXCLUDED.node, error = NULL, started_at = now(), finished_at = NULL"
                            + " WHERE tool_calls.status IN ('NOT_DELIVERED', 'FAILED')",
                    key, taskId, stepIndex, tool, node);
            return claimed == 1 ? Optional.<Entry>empty()
                    : s.queryOne("SELECT " + COLUMNS + " FROM tool_calls WHERE call_key = ?", ToolCallLedger::entry, key);
        });
    }

    /** Just before the request goes out: from now on this process cannot say the call did not happen. */
    public void sending(String key) {
        if (sent.size() >= SENT_LIMIT) {
            sentOverflowed = true;
        }
        sent.add(key);
    }

    /**
     * After {@link #certainlyNotSentHere}: marks the row not delivered, only if it is still this process's STARTED row
     * (another instance may have taken it meanwhile). False when it was not.
     */
    public boolean releaseUnsent(String key, String why) {
        boolean released = db.update("UPDATE tool_calls SET status = 'NOT_DELIVERED', error = ?, finished_at = now()"
                + " WHERE call_key = ? AND status = 'STARTED' AND node = ?", why, key, node) == 1;
        if (released) {
            forget(key);
        }
        return released;
    }

    /** Whether this STARTED row is this process's own claim of a call it never began to send. */
    public boolean certainlyNotSentHere(Entry entry) {
        return STARTED.equals(entry.status()) && node.equals(entry.node()) && !sentOverflowed
                && attempted.contains(entry.key()) && !sent.contains(entry.key());
    }

    public void complete(String key, JsonNode result) {
        settle(key, COMPLETED, TaskStore.toJson(result), null);
    }

    /**
     * Settles an unknown outcome without a person: {@code happened} records the effect as completed with
     * {@code result}, otherwise the call is marked not delivered and may be sent again. {@code by} says who answered.
     * False when the row was settled meanwhile (another attempt completed it): the caller reads it again.
     */
    public boolean resolvedBy(String key, boolean happened, JsonNode result, String by) {
        forget(key);
        return db.update("UPDATE tool_calls SET status = ?, result = CAST(? AS jsonb), resolved_by = ?, finished_at = now()"
                + " WHERE call_key = ? AND status IN ('STARTED', 'UNKNOWN')",
                happened ? COMPLETED : NOT_DELIVERED, happened ? TaskStore.toJson(result) : null, by, key) == 1;
    }

    /**
     * Claims an unresolved call (STARTED after a crash, or UNKNOWN) to send it again with the same idempotency key,
     * which a tool that honours such keys acts on once. False when the row is no longer unresolved.
     */
    public boolean resend(String key) {
        return db.update("UPDATE tool_calls SET status = 'STARTED', attempts = attempts + 1, node = ?, started_at = now(),"
                + " finished_at = NULL WHERE call_key = ? AND status IN ('STARTED', 'UNKNOWN')", node, key) == 1;
    }

    public void failed(String key, String error) {
        settle(key, FAILED, null, error);
    }

    public void notDelivered(String key, String error) {
        settle(key, NOT_DELIVERED, null, error);
    }

    public void unknown(String key, String error) {
        settle(key, UNKNOWN, null, error);
    }

    /**
     * A human checked the target system: {@code done} records the effect as completed (with the result they give),
     * otherwise the call is marked not delivered and runs again. Only unresolved calls change; returns how many did.
     */
    public int resolve(String taskId, boolean done, JsonNode result, String reviewer) {
        return db.inTransaction(s -> resolve(s, taskId, done, result, reviewer));
    }

    /** {@link #resolve} in the caller's transaction. */
    static int resolve(Database.Session s, String taskId, boolean done, JsonNode result, String reviewer) throws java.sql.SQLException {
        return s.update("UPDATE tool_calls SET status = ?, result = CAST(? AS jsonb), resolved_by = ?, finished_at = now()"
                        + " WHERE task_id = ? AND status IN ('STARTED', 'UNKNOWN')",
                done ? COMPLETED : NOT_DELIVERED, done ? TaskStore.toJson(result == null ? confirmed(reviewer) : result) : null,
                reviewer, taskId);
    }

    /** A person's answer for the unresolved call of one step, in the caller's transaction. */
    static int resolve(Database.Session s, String taskId, int step, boolean done, JsonNode result, String reviewer)
            throws java.sql.SQLException {
        return s.update("UPDATE tool_calls SET status = ?, result = CAST(? AS jsonb), resolved_by = ?, finished_at = now()"
                        + " WHERE task_id = ? AND step_index = ? AND status IN ('STARTED', 'UNKNOWN')",
                done ? COMPLETED : NOT_DELIVERED, done ? TaskStore.toJson(result == null ? confirmed(reviewer) : result) : null,
                reviewer, taskId, step);
    }

    /** The note recorded as the result of a call a person confirmed without giving the tool's answer. */
    public static JsonNode confirmed(String reviewer) {
        return dev.kortana.contracts.Json.MAPPER.createObjectNode()
                .put("text", "the effect was confirmed by " + reviewer + "; the tool's own answer was not recorded");
    }


    public List<Entry> forTask(String taskId) {
        return db.query("SELECT " + COLUMNS + " FROM tool_calls WHERE task_id = ? ORDER BY step_index, started_at",
                ToolCallLedger::entry, taskId);
    }

    public List<Entry> unresolved(String taskId) {
        return forTask(taskId).stream().filter(Entry::unresolved).toList();
    }

    private void settle(String key, String status, String resultJson, String error) {
        db.update("UPDATE tool_calls SET status = ?, result = CAST(? AS jsonb), error = ?, finished_at = now()"
                + " WHERE call_key = ?", status, resultJson, error, key);
        forget(key); // settled: the row says what happened
    }

    private void forget(String key) {
        sent.remove(key);
        attempted.remove(key);
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getString("call_key"), rs.getString("task_id"), rs.getInt("step_index"), rs.getString("tool"),
                rs.getString("status"), rs.getInt("attempts"), TaskStore.readTree(rs.getString("result")),
                rs.getString("error"), rs.getString("resolved_by"), rs.getString("node"),
                Database.instant(rs, "started_at"), Database.instant(rs, "finished_at"));
    }
}
