package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Messages the pipeline gave up on, with the task and the exception, for an operator to inspect and replay. */
public class DeadLetterStore {

    /** One dead letter. */
    public record DeadLetter(long id, String taskId, JsonNode task, String failedRoute, String exceptionClass,
            String message, int attempts, Instant createdAt) {}

    private final Database db;

    public DeadLetterStore(Database db) {
        this.db = db;
    }

    public long record(String taskId, String failedRoute, Throwable error, int attempts) {
        return db.inTransaction(s -> s.queryOne("INSERT INTO dead_letters (task_id, task, failed_route, exception_class,"
                                + " message, stack_trace, attempts)"
                                + " VALUES (?, (SELECT task FROM tasks WHERE id = ?), ?, ?, ?, ?, ?) RETURNING id",
                        rs -> rs.getLong(1),
                        taskId, taskId, failedRoute, error.getClass().getName(), error.getMessage(), stackTrace(error), attempts)
                .orElseThrow());
    }

    public List<DeadLetter> list(int limit) {
        return db.query("SELECT id, task_id, task, failed_route, exception_class, message, attempts, created_at"
                        + " FROM dead_letters ORDER BY id DESC LIMIT ?",
                rs -> new DeadLetter(rs.getLong("id"), rs.getString("task_id"), TaskStore.readTree(rs.getString("task")),
                        rs.getString("failed_route"), rs.getString("exception_class"), rs.getString("message"),
                        rs.getInt("attempts"), Database.instant(rs, "created_at")),
                limit);
    }

    private static String stackTrace(Throwable error) {
        var out = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
