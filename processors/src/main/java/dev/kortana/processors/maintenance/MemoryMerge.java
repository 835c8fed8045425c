package dev.kortana.processors.maintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a survivor becomes when near-duplicates are merged into it: it keeps its own content and embedding, takes the
 * highest quality, the sum of the uses and the latest use, the tasks that taught or confirmed any of them (the most
 * recent {@code maxSourceTasks}, oldest first) and, as provenance, the merged rows' ids after its own merged ids.
 */
public final class MemoryMerge {

    /** The most merged ids a memory keeps in {@code merged_from}: its most recent merges. */
    static final int MAX_MERGED_FROM = 200;


    private MemoryMerge() {}

    public static MemoryRow merged(MemoryRow survivor, List<MemoryRow> merged, int maxSourceTasks, Instant now) {
        List<MemoryRow> all = Stream.concat(Stream.of(survivor), merged.stream())
                .sorted(Comparator.comparing(MemoryRow::createdAt).thenComparing(MemoryRow::id)).toList();
        float quality = survivor.quality();
        int uses = 0;
        Instant lastUsed = null;
        LinkedHashSet<String> tasks = new LinkedHashSet<>();
        for (MemoryRow row : all) {
            quality = Math.max(quality, row.quality());
            uses += row.uses();
            if (row.lastUsedAt() != null && (lastUsed == null || row.lastUsedAt().isAfter(lastUsed))) {
                lastUsed = row.lastUsedAt();
            }
            List<String> own = new ArrayList<>(row.sourceTasks());
            if (row.taskId() != null && !own.contains(row.taskId())) {
                own.add(row.taskId());
            }
            for (String task : own) {
                tasks.remove(task); // seen again later: it moves to the recent end
                tasks.add(task);
            }
        }
        List<String> recent = new ArrayList<>(tasks);
        recent = recent.subList(Math.max(0, recent.size() - maxSourceTasks), recent.size());
        LinkedHashSet<Long> mergedFrom = new LinkedHashSet<>(survivor.mergedFrom());
        for (MemoryRow row : merged) {
            mergedFrom.addAll(row.mergedFrom());
            mergedFrom.add(row.id());
        }
        // Bounded like the source tasks: the most recent merges are kept (the audit of a merge is the run that did it).
        List<Long> merges = new ArrayList<>(mergedFrom);
        merges = merges.subList(Math.max(0, merges.size() - MAX_MERGED_FROM), merges.size());
        return new MemoryRow(survivor.id(), survivor.tenant(), survivor.taskId(), survivor.kind(), survivor.content(),
                quality, uses, lastUsed, survivor.createdAt(), now, recent, List.copyOf(merges),
                survivor.supersededBy(), survivor.detail(), survivor.embedding(), survivor.embeddingModel());
    }
}
