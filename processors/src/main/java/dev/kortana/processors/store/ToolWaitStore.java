package dev.kortana.processors.store;

import dev.kortana.processors.tools.ToolOutages;
import java.time.Instant;

/**
 * {@code tool_waits}: since when each step has been waiting for its tool. The first look records now; later looks
 * (on any instance, after any restart) read the same time back. A step that now calls another tool starts afresh.
 */
public class ToolWaitStore implements ToolOutages.Waits {

    private final Database db;

    public ToolWaitStore(Database db) {
        this.db = db;
    }

    @Override
    public Instant since(String taskId, int stepIndex, String tool) {
        return db.queryOne("INSERT INTO tool_waits (task_id, step_index, tool) VALUES (?, ?, ?)"
                        + " ON CONFLICT (task_id, step_index) DO UPDATE SET"
                        + " since = CASE WHEN tool_waits.tool = EXCLUDED.tool THEN tool_waits.since ELSE now() END,"
                        + " tool = EXCLUDED.tool RETURNING since",
                rs -> Database.instant(rs, "since"), taskId, stepIndex, tool).orElseThrow();
    }

    /** Forgets a task's waits: a replayed dead letter gives its tools their whole patience again. */
    public void clear(String taskId) {
        db.update("DELETE FROM tool_waits WHERE task_id = ?", taskId);
    }
}
