package dev.kortana.processors.maintenance;

import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Cold memories (facts and reflections; episodes are the planner's, with their own retention) out of the hot table into gzip JSON Lines files under the archive folder, and back. A memory is cold
 * when it was not used (or, never used, not created) since a cut-off, or its quality is below a floor. Archiving writes a
 * file of a batch of rows (locked) and deletes them in the same transaction, so a row is in the table, in a file, or
 * briefly both (a failed commit after the file was written), never in neither; restoring inserts the rows again with
 * their ids (a row already in the table is left as it is) and then takes them out of the files. Both keep the vector
 * index in step.
 *
 * <p><b>Forgetting</b> must reach the archive too: {@link #forgetIds}, {@link #forgetTask} and {@link #forgetTenant}
 * remove matching lines from every file and return how many; call the one matching what was forgotten in the table
 * (after {@code MemoryForgetting.forget(id)}: {@code forgetIds(List.of(id))}; after {@code forgetTask(tenant, task)}:
 * {@code forgetTask(tenant, task)}; after {@code forgetTenant(t)}: {@code forgetTenant(t)}). Methods that touch the files are
 * serialised within the process; the archive belongs to one instance's data dir unless the folder is shared.
 */
public class MemoryArchive {

    /** What a restore did: rows inserted again, rows that were already in the table, and files left in the archive. */
    public record Restored(long restored, long alreadyPresent, long filesLeft) {}

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Database db;
    private final VectorIndex index;
    private final String model;
    private final Path dir;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public MemoryArchive(Database db, VectorIndex index, String model, Path dir, Clock clock) {
        this.db = db;
        this.index = index;
        this.model = model;
        this.dir = dir;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Archives every memory last touched before {@code coldBefore} or of quality below {@code belowQuality}, {@code batch}
     * rows per file; counts {@code archived} rows and {@code files}.
     */
    public synchronized Map<String, Long> archive(Instant coldBefore, double belowQuality, int batch) {
        createDir();
        long archived = 0;
        long files = 0;
        while (true) {
            Path file = dir.resolve("memories-" + STAMP.format(clock.instant()) + "-" + sequence.incrementAndGet() + ArchiveFile.SUFFIX);
            List<Long> moved = db.inTransaction(s -> {
                List<MemoryRow> rows = s.query("SELECT " + MemoryRows.COLUMNS + " FROM memories"
                                + " WHERE kind <> 'episode' AND (greatest(created_at, coalesce(last_used_at, created_at)) < ?"
                                + " OR quality < ?)"
                                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
                        MemoryRows::read, coldBefore, (float) belowQuality, batch);
                if (rows.isEmpty()) {
                    return List.<Long>of();
                }
                ArchiveFile.write(file, rows.stream().map(ArchiveLines::write).toList());
                long[] ids = rows.stream().mapToLong(MemoryRow::id).toArray();
                s.update("DELETE FROM memories WHERE id = ANY(?)", (Object) ids);
                return rows.stream().map(MemoryRow::id).toList();
            });
            index.removeAll(moved);
            archived += moved.size();
            files += moved.isEmpty() ? 0 : 1;
            if (moved.size() < batch) {
                break;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("archived", archived);
        counts.put("files", files);
        return counts;
    }

    /** Restores the archived memories of {@code tenant}, or every archived memory when it is {@code null}. */
    public synchronized Restored restore(String tenant) {
        long restored = 0;
        long present = 0;
        for (Path file : ArchiveFile.all(dir)) {
            List<String> keep = new ArrayList<>();
            List<MemoryRow> back = new ArrayList<>();
            for (String line : ArchiveFile.read(file)) {
                MemoryRow row = ArchiveLines.read(line);
                if (tenant == null || tenant.equals(row.tenant())) {
                    back.add(row);
                } else {
                    keep.add(line);
                }
            }
            if (back.isEmpty()) {
                continue;
            }
            int[] inserted = db.inTransaction(s -> s.batch(MemoryRows.INSERT,
                    back.stream().map(MemoryRows::insertParameters).toList()));
            for (int i = 0; i < back.size(); i++) {
                MemoryRow row = back.get(i);
                if (inserted[i] == 0) {
                    present++;
                    continue;
                }
                restored++;
                if (row.embedding() != null && model.equals(row.embeddingModel())) {
                    index.put(row.id(), row.tenant(), row.embedding());
                } // another model's vector: the next index check (or start) embeds the row again and rebuilds
            }
            ArchiveFile.write(file, keep);
        }
        index.commit();
        return new Restored(restored, present, ArchiveFile.all(dir).size());
    }

    /** Removes the archived memories with these ids; returns how many lines went. */
    public synchronized long forgetIds(Collection<Long> ids) {
        Set<Long> gone = Set.copyOf(ids);
        return forget(row -> gone.contains(row.id()));
    }

    /** Removes the archived memories a task taught or confirmed (its {@code task_id} or in {@code source_tasks}). */
    public synchronized long forgetTask(String taskId) {
        return forget(row -> row.fromTask(taskId));
    }

    /**
     * Removes the archived memories a task of {@code tenant} taught or confirmed: the archive's side of
     * {@code MemoryForgetting.forgetTask(tenant, taskId)}, with the same rule.
     */
    public synchronized long forgetTask(String tenant, String taskId) {
        return forget(row -> tenant.equals(row.tenant()) && row.fromTask(taskId));
    }

    /** Removes every archived memory of a tenant. */
    public synchronized long forgetTenant(String tenant) {
        return forget(row -> tenant.equals(row.tenant()));
    }

    /** The archived memories (for a check or a listing); reads every file. */
    public synchronized List<MemoryRow> archived() {
        List<MemoryRow> rows = new ArrayList<>();
        for (Path file : ArchiveFile.all(dir)) {
            ArchiveFile.read(file).forEach(line -> rows.add(ArchiveLines.read(line)));
        }
        return rows;
    }

    private long forget(Predicate<MemoryRow> match) {
        long removed = 0;
        for (Path file : ArchiveFile.all(dir)) {
            List<String> lines = ArchiveFile.read(file);
            List<String> keep = lines.stream().filter(line -> !match.test(ArchiveLines.read(line))).toList();
            if (keep.size() != lines.size()) {
                ArchiveFile.write(file, keep);
                removed += lines.size() - keep.size();
            }
        }
        return removed;
    }

    private void createDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the memory archive folder " + dir, e);
        }
    }
}
