package dev.kortana.processors.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Durable acceptance and read access to tasks and their history. */
public class TaskStore {

    private static final ObjectReader EXACT = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    static final String COLUMNS = "id, client_id, task, channel, source_ref, reply_key, trace_parent, status, status_reason, plan, outcome,"
            + " lease_owner, lease_until, claims, created_at, updated_at";

    private final Database db;

    public TaskStore(Database db) {
        this.db = db;
    }

    /**
     * Stores a new task, leased to {@code node}, and its ACCEPTED event in one transaction, under the key of its tenant
     * and id ({@link TaskKeys}). A task whose id its tenant has used already is not stored again: the result says whether
     * the stored body matches. Another tenant's tasks play no part, so the answer never tells whether they exist.
     */
    public AcceptResult accept(AgentTask task, String bodyHash, TaskSource source, String node, Duration lease) {
        String id = task.id();
        return db.inTransaction(s -> {
            // The qualified key is the fallback of a default-tenant id whose plain key a task stored before V18 holds.
            for (String key : new LinkedHashSet<>(List.of(TaskKeys.of(task.tenant(), id), TaskKeys.qualified(task.tenant(), id)))) {
                int inserted = s.update("INSERT INTO tasks (id, client_id, tenant, goal, channel, source_ref, reply_key, trace_parent,"
                                + " body_hash, task, status, lease_owner, lease_until, claims)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), 'ACCEPTED', ?, now() + make_interval(secs => ?), 1)"
                                + " ON CONFLICT DO NOTHING",
                        key, id, task.tenant(), task.goal(), source.channel(), source.reference(), source.replyKey(),
                        source.traceParent(), bodyHash, toJson(task), node, (double) lease.toMillis() / 1000);
                if (inserted == 1) {
                    appendEvent(s, key, "status", TaskStatus.ACCEPTED.name(), TaskStatus.ACCEPTED,
                            Map.of("channel", source.channel().name()), node);
                    return new AcceptResult(id, key, TaskStatus.ACCEPTED, AcceptResult.Kind.CREATED);
                }
                Optional<AcceptResult> stored = s.queryOne("SELECT id, body_hash, status FROM tasks WHERE client_id = ? AND tenant = ?",
                        rs -> new AcceptResult(id, rs.getString("id"), TaskStatus.valueOf(rs.getString("status")),
                                bodyHash.equals(rs.getString("body_hash")) ? AcceptResult.Kind.EXISTING : AcceptResult.Kind.CONFLICT),
                        id, task.tenant());
                if (stored.isPresent()) {
                    return stored.get();
                }
            }
            throw new IllegalStateException("task " + id + " of tenant " + task.tenant() + " vanished during accept");
        });
    }

    /** The task {@code tenant} knows as {@code id}; another tenant's task with that id is never found. */
    public Optional<TaskRecord> find(String tenant, String id) {
        if (noTaskCanHave(id)) {
            return Optional.empty();
        }
        return db.queryOne("SELECT " + COLUMNS + " FROM tasks WHERE client_id = ? AND tenant = ?", TaskStore::toRecord, id, tenant);
    }

    /** The tasks of every tenant with {@code id}, for a caller who sees every tenant; at most {@code limit}. */
    public List<TaskRecord> findInEveryTenant(String id, int limit) {
        if (noTaskCanHave(id)) {
            return List.of();
        }
        return db.query("SELECT " + COLUMNS + " FROM tasks WHERE client_id = ? ORDER BY tenant LIMIT ?", TaskStore::toRecord, id, limit);
    }

    /**
     * An id PostgreSQL text cannot hold (a NUL, from a URL's %00) is no task's: answered as not found, without the query
     * that PostgreSQL would refuse with an error the API answered as a 503.
     */
    private static boolean noTaskCanHave(String id) {
        return id == null || id.indexOf('\0') >= 0;
    }

    /**
     * Newest first; {@code status} null lists every status, {@code tenant} null every tenant. Reads the summary columns
     * only: a list polled every few milliseconds by a dashboard or a client must not decode whole tasks and outcomes.
     */
    public List<TaskSummary> list(TaskStatus status, String tenant, int limit) {
        // One fixed statement per filter combination (values are parameters), so each keeps an index-friendly plan.
        String where = status == null
                ? (tenant == null ? "" : " WHERE tenant = ?")
                : (tenant == null ? " WHERE status = ?" : " WHERE status = ? AND tenant = ?");
        Object[] params = Stream.of(status, tenant, limit).filter(Objects::nonNull).toArray();
        return db.query("SELECT id, client_id, status, goal, tenant, channel, trace_parent, status_reason, created_at,"
                        + " updated_at FROM tasks" + where + " ORDER BY created_at DESC LIMIT ?",
                rs -> new TaskSummary(rs.getString("id"), rs.getString("client_id"), TaskStatus.valueOf(rs.getString("status")),
                        rs.getString("goal"), rs.getString("tenant"), Channel.valueOf(rs.getString("channel")),
                        rs.getString("trace_parent"), rs.getString("status_reason"), Database.instant(rs, "created_at"),
                        Database.instant(rs, "updated_at")), params);
    }

    public List<TaskEvent> events(String id) {
        return db.query("SELECT seq, kind, name, status, detail, node, at FROM task_events WHERE task_id = ? ORDER BY seq",
                rs -> new TaskEvent(rs.getLong("seq"), rs.getString("kind"), rs.getString("name"), rs.getString("status"),
                        readTree(rs.getString("detail")), rs.getString("node"), Database.instant(rs, "at")),
                id);
    }

    /** An event as the event stream sends it: which task (by its client id and tenant) and what happened. */
    public record StreamedEvent(long seq, String taskId, String tenant, String kind, String name, String status, JsonNode detail,
            Instant at) {}

    /**
     * The events after {@code after}, oldest first, at most {@code limit}: of one tenant (null: every tenant), of one
     * task (its stored key; null: every task).
     */
    public List<StreamedEvent> eventsAfter(long after, String tenant, String taskKey, int limit) {
        List<Object> params = new java.util.ArrayList<>(List.of(after));
        // A second's hold-back: sequence numbers are taken at insert and seen at commit, so a stream that read a later
        // event before an earlier one committed would skip the earlier one for good.
        StringBuilder where = new StringBuilder(" WHERE e.seq > ? AND e.at < clock_timestamp() - interval '1 second'");
        if (tenant != null) {
            where.append(" AND t.tenant = ?");
            params.add(tenant);
        }
        if (taskKey != null) {
            where.append(" AND e.task_id = ?");
            params.add(taskKey);
        }
        params.add(limit);
        return db.query("SELECT e.seq, e.task_id, t.tenant, e.kind, e.name, e.status, e.detail, e.at FROM task_events e"
                        + " JOIN tasks t ON t.id = e.task_id" + where + " ORDER BY e.seq LIMIT ?",
                rs -> new StreamedEvent(rs.getLong("seq"), TaskKeys.clientId(rs.getString("task_id")), rs.getString("tenant"),
                        rs.getString("kind"), rs.getString("name"), rs.getString("status"), readTree(rs.getString("detail")),
                        Database.instant(rs, "at")), params.toArray());
    }

    /** The newest event's number, where a stream that wants only what comes next starts. */
    public long lastEventSeq() {
        return db.queryOne("SELECT coalesce(max(seq), 0) FROM task_events", rs -> rs.getLong(1)).orElse(0L);
    }

    static void appendEvent(Database.Session s, String taskId, String kind, String name, TaskStatus status,
            Object detail, String node) throws SQLException {
        s.update("INSERT INTO task_events (task_id, kind, name, status, detail, node) VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?)",
                taskId, kind, name, status, detail == null ? null : toJson(detail), node);
    }

    static TaskRecord toRecord(ResultSet rs) throws SQLException {
        // The stored body keeps the caller's id; the pipeline runs the task under its key.
        AgentTask task = readExactly(rs.getString("task"), AgentTask.class).withId(rs.getString("id"));
        String plan = rs.getString("plan");
        String outcome = rs.getString("outcome");
        return new TaskRecord(
                rs.getString("id"),
                rs.getString("client_id"),
                task,
                new TaskSource(Channel.valueOf(rs.getString("channel")), rs.getString("source_ref"), rs.getString("reply_key"),
                        rs.getString("trace_parent")),
                TaskStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"),
                plan == null ? null : Arrays.asList(readExactly(plan, PlanStep[].class)),
                outcome == null ? null : fromJson(outcome, AgentOutcome.class),
                rs.getString("lease_owner"),
                Database.instant(rs, "lease_until"),
                rs.getInt("claims"),
                Database.instant(rs, "created_at"),
                Database.instant(rs, "updated_at"));
    }

    static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * A task or plan as it was stored: decimals as BigDecimal, as the intake read them, because a double would round
     * inputs and args past its 17 digits (3.14159265358979323846 came back as 3.141592653589793).
     */
    static <T> T readExactly(String json, Class<T> type) {
        try {
            return EXACT.forType(type).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static <T> T fromJson(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode readTree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is invalid", e);
        }
    }
}
