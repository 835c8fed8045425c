package dev.kortana.processors.store;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where a memory came from and what became of it: the tasks that taught it, the rows merged into it, what it replaced. */
public class MemoryProvenance {

    /**
     * @param sourceTasks  the tasks that taught or confirmed it, oldest first (the most recent ones only)
     * @param mergedFrom   rows maintenance merged into it (no longer in the table)
     * @param supersededBy the newer memory that replaced it; null while it is live
     * @param supersedes   the older memories it replaced (kept for audit, never retrieved)
     * @param detail       the row's detail JSON (an episode's counts, a correction's author), or null
     */
    public record Provenance(List<String> sourceTasks, List<Long> mergedFrom, Long supersededBy, List<Long> supersedes,
            Instant updatedAt, Instant lastUsedAt, String detail) {}

    private final Database db;

    public MemoryProvenance(Database db) {
        this.db = db;
    }

    /** The provenance of one memory, read in one statement. */
    public Optional<Provenance> of(long id) {
        return db.queryOne("SELECT source_tasks, merged_from, superseded_by, updated_at, last_used_at, detail::text,"
                + " ARRAY(SELECT o.id FROM memories o WHERE o.superseded_by = m.id ORDER BY o.id) AS supersedes"
                + " FROM memories m WHERE id = ?", rs -> {
                    return new Provenance(List.of((String[]) rs.getArray("source_tasks").getArray()),
                            longs(rs.getArray("merged_from")), (Long) rs.getObject("superseded_by"), longs(rs.getArray("supersedes")),
                            Database.instant(rs, "updated_at"), Database.instant(rs, "last_used_at"), rs.getString("detail"));
                }, id);
    }

    private static List<Long> longs(Array array) throws SQLException {
        return Arrays.asList((Long[]) array.getArray());
    }
}
