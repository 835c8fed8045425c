package dev.kortana.processors.store;

import dev.kortana.processors.tools.ToolOutages;
import java.time.Instant;

/**
 * {@code tool_waits}: since when each step has been waiting for its tool. The first look records now; later looks
 * (on any instance, after any restart) read the same time back. A step that now calls another tool, or finds its
 * tool down again more than {@link #NEW_OUTAGE_AFTER} past when it was due back (it got through meanwhile, or a
 * person answered for it), starts afresh.
 */
public class ToolWaitStore implements ToolOutages.Waits {

    /** How late past its due time a step may come back and still count as the same wait. */
    static final java.time.Duration NEW_OUTAGE_AFTER = java.time.Duration.ofMinutes(5);

    private final Database db;

    public ToolWaitStore(Database db) {
        this.db = db;
    }

    @Override
    public Instant since(String taskId, int stepIndex, String tool, java.time.Duration wait) {
        return db.queryOne("INSERT INTO tool_waits (task_id, step_index, tool, resume_by)"
                        + " VALUES (?, ?, ?, now() + make_interval(secs => ?))"
                        + " ON CONFLICT (task_id, step_index) DO UPDATE SET"
                        + " since = CASE WHEN tool_waits.tool = EXCLUDED.tool"
                        + " AND tool_waits.resume_by > now() - make_interval(secs => ?) THEN tool_waits.since ELSE now() END,"
                        + " tool = EXCLUDED.tool, resume_by = EXCLUDED.resume_by RETURNING since",
                rs -> Database.instant(rs, "since"), taskId, stepIndex, tool, wait.toMillis() / 1000.0,
                (double) NEW_OUTAGE_AFTER.toSeconds()).orElseThrow();
    }

    /** Forgets a task's waits: a replayed dead letter gives its tools their whole patience again. */
    public void clear(String taskId) {
        db.update("DELETE FROM tool_waits WHERE task_id = ?", taskId);
    }
}
