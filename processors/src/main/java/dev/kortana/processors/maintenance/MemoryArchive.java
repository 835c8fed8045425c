package dev.kortana.processors.maintenance;

import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

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

    /** Every archive of this JVM (tests run two instances in one) takes its folder's file lock through this monitor. */
    private static final Object IN_THIS_JVM = new Object();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Database db;
    private final VectorIndex index;
    private final String model;
    private final Path dir;
    private final Clock clock;

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
    public Map<String, Long> archive(Instant coldBefore, double belowQuality, int batch) {
        return locked(() -> archiveLocked(coldBefore, belowQuality, batch));
    }

    private Map<String, Long> archiveLocked(Instant coldBefore, double belowQuality, int batch) {
        long archived = 0;
        long files = 0;
        while (true) {
            // A name no other instance sharing the folder can pick: the time, then a random part.
            Path file = dir.resolve("memories-" + STAMP.format(clock.instant()) + "-"
                    + UUID.randomUUID().toString().substring(0, 13) + ArchiveFile.SUFFIX);
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
    public Restored restore(String tenant) {
        return locked(() -> restoreLocked(tenant));
    }

    private Restored restoreLocked(String tenant) {
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
            int[] inserted = db.inTransaction(s -> {
                int[] done = s.batch(MemoryRows.INSERT, back.stream().map(MemoryRows::insertParameters).toList());
                // Restored because someone wants them: as used now, or the next archive run would take them again.
                s.update("UPDATE memories SET last_used_at = now() WHERE id = ANY(?)",
                        (Object) back.stream().mapToLong(MemoryRow::id).toArray());
                return done;
            });
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
    public long forgetIds(Collection<Long> ids) {
        Set<Long> gone = Set.copyOf(ids);
        return locked(() -> forget(row -> gone.contains(row.id())));
    }

    /** Removes the archived memories a task taught or confirmed (its {@code task_id} or in {@code source_tasks}). */
    public long forgetTask(String taskId) {
        return locked(() -> forget(row -> row.fromTask(taskId)));
    }

    /**
     * Removes the archived memories a task of {@code tenant} taught or confirmed: the archive's side of
     * {@code MemoryForgetting.forgetTask(tenant, taskId)}, with the same rule.
     */
    public long forgetTask(String tenant, String taskId) {
        return locked(() -> forget(row -> tenant.equals(row.tenant()) && row.fromTask(taskId)));
    }

    /** Removes every archived memory of a tenant. */
    public long forgetTenant(String tenant) {
        return locked(() -> forget(row -> tenant.equals(row.tenant())));
    }

    /** The archived memories (for a check or a listing); reads every file. */
    public List<MemoryRow> archived() {
        return locked(() -> {
            List<MemoryRow> rows = new ArrayList<>();
            for (Path file : ArchiveFile.all(dir)) {
                ArchiveFile.read(file).forEach(line -> rows.add(ArchiveLines.read(line)));
            }
            return rows;
        });
    }

    /**
     * Runs {@code work} holding the archive folder's lock: one thread of this JVM at a time, and one process at a time
     * among the instances that share the folder (a {@link FileLock} on {@code .lock} in it), so a forget never rewrites
     * a file another instance is rewriting, and a forgotten line cannot come back.
     */
    private <T> T locked(Supplier<T> work) {
        synchronized (IN_THIS_JVM) {
            createDir();
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) {
                return work.get();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock the memory archive in " + dir, e);
            }
        }
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
