package dev.kortana.processors.store;

import dev.kortana.processors.memory.VectorIndex;
import java.util.List;
import java.util.Optional;

/**
 * Forgetting, for good: rows leave the table, then their vectors leave the index. Another instance's index may keep a
 * vector until its next start, but a search there finds only rows the table still has. A crash between the two leaves
 * the index over the table, which the next start sees and rebuilds.
 */
public class MemoryForgetting {

    private final Database db;
    private final VectorIndex index;

    public MemoryForgetting(Database db, VectorIndex index) {
        this.db = db;
        this.index = index;
    }

    /** Forgets one memory; empty when no row has the id. */
    public Optional<MemoryStore.Memory> forget(long id) {
        Optional<MemoryStore.Memory> gone = db.queryOne("DELETE FROM memories WHERE id = ? RETURNING " + MemoryStore.COLUMNS,
                MemoryStore::toMemory, id);
        gone.ifPresent(m -> index.remove(m.id()));
        return gone;
    }

    /**
     * Forgets what a task of the tenant taught: the memories it made and those it confirmed (a twin holds the same
     * words, so keeping it would keep what the task said). Returns the ids forgotten.
     */
    public List<Long> forgetTask(String tenant, String taskId) {
        return removed(db.query("DELETE FROM memories WHERE tenant = ? AND (task_id = ? OR source_tasks @> ARRAY[?]::text[])"
                + " RETURNING id", rs -> rs.getLong(1), tenant, taskId, taskId));
    }

    /** Forgets every memory of the tenant. Returns the ids forgotten. */
    public List<Long> forgetTenant(String tenant) {
        return removed(db.query("DELETE FROM memories WHERE tenant = ? RETURNING id", rs -> rs.getLong(1), tenant));
    }

    private List<Long> removed(List<Long> ids) {
        ids.forEach(index::remove);
        return ids;
    }
}
