package dev.kortana.processors.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the agent remembers, searched with PostgreSQL full text (any query word may match, best ranked first). */
public class MemoryStore {

    /** One remembered item and how well it matched. */
    public record Memory(long id, String taskId, String kind, String content, double rank, Instant createdAt) {}

    private final Database db;

    public MemoryStore(Database db) {
        this.db = db;
    }

    /** Remembers once per task and kind; remembering again (a resumed task) changes nothing. */
    public boolean remember(String tenant, String taskId, String kind, String content) {
        return db.update("INSERT INTO memories (tenant, task_id, kind, content) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (task_id, kind) DO NOTHING", tenant, taskId, kind, content) == 1;
    }

    public List<Memory> search(String tenant, String query, int limit) {
        String anyWord = Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> w.length() > 1)
                .distinct()
                .collect(Collectors.joining(" | "));
        if (anyWord.isEmpty()) {
            return List.of();
        }
        return db.query("SELECT id, task_id, kind, content, ts_rank(tsv, q) AS rank, created_at"
                        + " FROM memories, to_tsquery('english', ?) q"
                        + " WHERE tenant = ? AND tsv @@ q ORDER BY rank DESC, created_at DESC LIMIT ?",
                rs -> new Memory(rs.getLong("id"), rs.getString("task_id"), rs.getString("kind"), rs.getString("content"),
                        rs.getDouble("rank"), Database.instant(rs, "created_at")),
                anyWord, tenant, limit);
    }
}
