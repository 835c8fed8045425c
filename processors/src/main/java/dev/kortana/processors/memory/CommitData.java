package dev.kortana.processors.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.store.Directory;

/**
 * What each commit of the memory index records beside the documents: the model of its vectors, the highest memory id
 * it holds and how the vectors are stored. A start compares it with the table ({@code MemoryIndexSync}) and with this
 * release ({@link IndexDirectory}).
 */
final class CommitData {

    private static final String MODEL = "model";
    private static final String MAX_ID = "maxId";
    /** How the vectors are stored; an index written another way (an older release's COSINE) is made anew. */
    private static final String FORMAT = "format";
    static final String CURRENT_FORMAT = MemoryDocuments.SIMILARITY.name();

    private final Map<String, String> data;

    private CommitData(Map<String, String> data) {
        this.data = data;
    }

    /** The last commit's record in {@code directory} ({@code dir} names it in errors); empty for a new index. */
    static CommitData last(Directory directory, Path dir) {
        try {
            if (!DirectoryReader.indexExists(directory)) {
                return new CommitData(Map.of());
            }
            List<IndexCommit> commits = DirectoryReader.listCommits(directory);
            return new CommitData(commits.get(commits.size() - 1).getUserData());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory index in " + dir, e);
        }
    }

    /** What a commit of {@code model}'s vectors up to {@code maxId} records, in this release's format. */
    static Iterable<Map.Entry<String, String>> of(String model, long maxId) {
        return Map.of(MODEL, model, MAX_ID, Long.toString(maxId), FORMAT, CURRENT_FORMAT).entrySet();
    }

    long maxId() {
        return Long.parseLong(data.getOrDefault(MAX_ID, "0"));
    }

    /** The state recorded, with {@code count} documents; empty when nothing was committed yet. */
    Optional<VectorIndex.State> state(long count) {
        return data.containsKey(MODEL) ? Optional.of(new VectorIndex.State(data.get(MODEL), maxId(), count)) : Optional.empty();
    }

    boolean currentFormat() {
        return CURRENT_FORMAT.equals(data.get(FORMAT));
    }
}
