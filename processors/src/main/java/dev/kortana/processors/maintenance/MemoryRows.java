package dev.kortana.processors.maintenance;

import dev.kortana.processors.store.Database;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Reading and writing whole {@code memories} rows: the columns maintenance moves, and their SQL types. */
final class MemoryRows {

    static final String COLUMNS = "id, tenant, task_id, kind, content, quality, uses, last_used_at, created_at, updated_at,"
            + " source_tasks, merged_from, superseded_by, detail, embedding, embedding_model";

    /** Inserts a row with its own id; a row whose id is already in the table is left as it is. */
    static final String INSERT = "INSERT INTO memories (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?) ON CONFLICT (id) DO NOTHING";

    private MemoryRows() {}

    static MemoryRow read(ResultSet rs) throws SQLException {
        Long supersededBy = rs.getLong("superseded_by");
        if (rs.wasNull()) {
            supersededBy = null;
        }
        return new MemoryRow(rs.getLong("id"), rs.getString("tenant"), rs.getString("task_id"), rs.getString("kind"),
                rs.getString("content"), rs.getFloat("quality"), rs.getInt("uses"), Database.instant(rs, "last_used_at"),
                Database.instant(rs, "created_at"), Database.instant(rs, "updated_at"),
                Arrays.asList(strings(rs.getArray("source_tasks"))), Arrays.stream(longs(rs.getArray("merged_from"))).toList(),
                supersededBy, rs.getString("detail"), floats(rs.getArray("embedding")), rs.getString("embedding_model"));
    }

    /** The parameters of {@link #INSERT} for a row. */
    static Object[] insertParameters(MemoryRow r) {
        return new Object[] {r.id(), r.tenant(), r.taskId(), r.kind(), r.content(), r.quality(), r.uses(), r.lastUsedAt(),
                r.createdAt(), r.updatedAt(), r.sourceTasks().toArray(String[]::new), longArray(r.mergedFrom()),
                r.supersededBy(), r.detail(), r.embedding(), r.embeddingModel()};
    }

    static long[] longArray(List<Long> ids) {
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static String[] strings(Array column) throws SQLException {
        return column == null ? new String[0] : (String[]) column.getArray();
    }

    private static Long[] longs(Array column) throws SQLException {
        return column == null ? new Long[0] : (Long[]) column.getArray();
    }

    private static float[] floats(Array column) throws SQLException {
        if (column == null) {
            return null;
        }
        Float[] boxed = (Float[]) column.getArray();
        float[] vector = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            vector[i] = boxed[i];
        }
        return vector;
    }
}
