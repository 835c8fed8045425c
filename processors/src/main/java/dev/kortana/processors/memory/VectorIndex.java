package dev.kortana.processors.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memories' vectors in a Lucene HNSW graph on disk, one document per memory row, searched only within one tenant.
 * Every commit records what the index holds (the highest memory id and the model; Lucene counts the documents), so that
 * a start can tell whether the index still matches the table.
 */
public final class VectorIndex implements AutoCloseable {

    /** One memory the index found, with its cosine similarity to the query (-1 … 1). */
    public record Hit(long id, double similarity) {}

    /** The model and highest id of the last commit, and the documents the index holds: compared with the table at start-up. */
    public record State(String model, long maxId, long count) {}

    /**
     * The writer's buffer while a rebuild adds every vector: a flush per 16 MB (Lucene's default, kept for live puts)
     * would cut a large rebuild into hundreds of segments whose HNSW graphs the merges then rebuild. A quarter of the
     * heap, at most 1 GB.
     */
    private static final double REBUILD_BUFFER_MB = Math.max(IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB,
            Math.min(1024, Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20)));
    private static final long COMMIT_EVERY_NANOS = 1_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(VectorIndex.class);

    private final Path dir;
    private final String model;
    private final Directory directory;
    /** Both made anew by {@link #reopen()}. */
    private volatile IndexWriter writer;
    private volatile VectorSearcher search;
    /**
     * Why the index could not be written (a full disk, a failed merge), or null while it works. A broken index is
     * derived data gone stale, not a reason to fail tasks: live writes are skipped (the rows are in the table) and
     * searches find nothing here (memory search falls back to full text) until {@link #reopen()} and a catch-up from
     * the table mend it, and {@link #repaired()} ends it.
     */
    private volatile Exception broken;
    private long maxId;
    private long lastCommit = System.nanoTime();
    /** Between {@link #clear()} and the rebuild's {@link #commit()}: a put then must not commit the half-built index. */
    private boolean rebuilding;

    VectorIndex(Path dir, String model) throws IOException {
        this(dir, model, FSDirectory.open(Files.createDirectories(dir)));
    }

    /** On {@code directory} (the folder {@code dir}, or a test's wrapper of it). */
    VectorIndex(Path dir, String model, Directory directory) throws IOException {
        this.dir = dir;
        this.model = model;
        this.directory = directory;
        try {
            openWriter();
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /** A writer on the last commit, and a searcher on it. */
    private void openWriter() throws IOException {
        IndexWriter opened = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
        try {
            search = new VectorSearcher(new SearcherManager(opened, null), dir);
        } catch (IOException | RuntimeException e) {
            opened.rollback();
            throw e;
        }
        writer = opened;
        maxId = CommitData.last(directory, dir).maxId();
        rebuilding = false;
        lastCommit = System.nanoTime();
    }

    /**
     * Opens (or creates) the index in {@code dir} for vectors of {@code model}; one process at a time. An index Lucene
     * cannot read, or one of another model, is deleted and made anew, empty, for a rebuild ({@link IndexDirectory}).
     */
    public static VectorIndex open(Path dir, String model) {
        return IndexDirectory.open(dir, model);
    }

    /** What the last commit recorded, with the document count; empty for a new index. */
    public Optional<State> committed() {
        return CommitData.last(directory, dir).state(writer.getDocStats().numDocs);
    }

    /**
     * Adds or replaces one memory's vector; the next search sees it. It is committed with the next write a second or
     * more after the last commit, or at close: a crash in between loses only what the table still has, and the start
     * appends it again (the commit records the highest id it holds).
     */
    public void put(long id, String tenant, float[] vector) {
        if (broken != null) {
            return; // the row is in the table: the repair adds it
        }
        synchronized (this) {
            if (broken != null) {
                return;
            }
            try {
                writer.updateDocument(MemoryDocuments.idTerm(id), MemoryDocuments.of(id, tenant, vector));
                maxId = Math.max(maxId, id);
                changed(false);
            } catch (IOException | AlreadyClosedException e) {
                breaks("write memory " + id, e);
            }
        }
    }

    /** Removes one memory's vector and commits at once: a forgotten memory stays forgotten after a crash. */
    public void remove(long id) {
        removeAll(List.of(id));
    }

    /**
     * Removes many memories' vectors with one commit (maintenance deletes hundreds at a time); none is a no-op. On a
     * broken index, nothing: a search finds nothing there, and the repair's catch-up sees the rows gone and rebuilds.
     */
    public void removeAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty() || broken != null) {
            return;
        }
        synchronized (this) {
            if (broken != null) {
                return;
            }
            try {
                writer.deleteDocuments(ids.stream().map(MemoryDocuments::idTerm).toArray(org.apache.lucene.index.Term[]::new));
                changed(true);
            } catch (IOException | AlreadyClosedException e) {
                breaks("remove " + ids.size() + " memories", e);
            }
        }
    }

    /**
     * A live write: the next search sees it, and it is committed now or with the next write a second after the last
     * commit. During a rebuild neither: searches go on reading the index as it was, and the rebuild's commit carries it.
     */
    private void changed(boolean commitNow) throws IOException {
        if (rebuilding) {
            return;
        }
        search.written();
        if (commitNow || System.nanoTime() - lastCommit >= COMMIT_EVERY_NANOS) {
            commitNow();
        }
    }

    /**
     * Starts a rebuild: the index is emptied; {@link #add} then {@link #commit()} fill it again, and {@link #compact()}
     * makes it one segment.
     */
    public synchronized void clear() {
        try {
            search.freeze();
            writer.deleteAll();
            writer.getConfig().setRAMBufferSizeMB(REBUILD_BUFFER_MB);
            rebuilding = true;
            maxId = 0;
        } catch (IOException | AlreadyClosedException e) {
            throw breaks("clear the index", e);
        }
    }

    /**
     * Adds (or replaces) a memory without committing, for a rebuild. Searches keep reading the index as it was until
     * {@link #commit()}, so a rebuild of a live index is never seen half done; a {@link #put} of the same id meanwhile
     * leaves one document, not two.
     */
    public synchronized void add(long id, String tenant, float[] vector) {
        try {
            writer.updateDocument(MemoryDocuments.idTerm(id), MemoryDocuments.of(id, tenant, vector));
            maxId = Math.max(maxId, id);
        } catch (IOException | AlreadyClosedException e) {
            throw breaks("write memory " + id, e);
        }
    }

    /**
     * Commits what is pending and says what the index now holds, in one step (no put can come between): what a check of
     * a live index compares with the table. A count read apart from its commit would include puts not yet committed.
     */
    public synchronized State checkpoint() {
        commit();
        return new State(model, maxId, writer.getDocStats().numDocs);
    }

    /** Commits what was added with the index's state, and makes it searchable. */
    public synchronized void commit() {
        try {
            commitNow();
        } catch (IOException | AlreadyClosedException e) {
            throw breaks("commit", e);
        }
    }

    private void commitNow() throws IOException {
        writer.setLiveCommitData(CommitData.of(model, maxId));
        writer.commit();
        if (rebuilding) {
            writer.getConfig().setRAMBufferSizeMB(IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB);
            rebuilding = false;
            search.thaw();
        }
        lastCommit = System.nanoTime();
        search.refresh();
    }

    /**
     * Marks the index broken (logged once per break) and returns the exception a maintenance caller throws; live writes
     * ignore it.
     */
    private UncheckedIOException breaks(String what, Exception cause) {
        if (broken == null) {
            LOG.warn("The memory index in {} cannot {} ({}); memory search uses full text only, and memories are kept in"
                    + " the table, until Kor'tana reopens the index and catches it up from the table (it tries every"
                    + " kortana.memory.index-repair-ms). Check the free space of the data dir.", dir, what, cause.toString());
        }
        broken = cause;
        return new UncheckedIOException("cannot " + what + " in the memory index in " + dir,
                cause instanceof IOException io ? io : new IOException(cause));
    }

    /** Whether the index cannot be written now and waits for {@link #reopen()}. */
    public boolean broken() {
        return broken != null;
    }

    /**
     * Opens the index again on its last commit, for a repair: the old writer (closed by Lucene after a failed write, or
     * not) is dropped with whatever it had not committed. Live writes stay skipped until {@link #repaired()}, so the
     * caller can first catch the index up from the table ({@code MemoryIndexSync}).
     */
    public synchronized void reopen() {
        try {
            search.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing the broken index's searcher: {}", e.toString());
        }
        try {
            writer.rollback();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Dropping the broken index's writer: {}", e.toString());
        }
        try {
            openWriter();
        } catch (IOException e) {
            throw breaks("open the index again", e);
        }
    }

    /**
     * Gives up a rebuild that could not finish (the table could not be read): the index goes back to its last commit,
     * as it was before {@link #clear()}, and what was written since is dropped (the table has it; the next check adds
     * it).
     */
    public synchronized void abandonRebuild() {
        if (rebuilding) {
            LOG.warn("A rebuild of the memory index in {} did not finish; the index stays as it was", dir);
            reopen();
        }
    }

    /** The repair caught the index up: live writes and searches use it again. */
    public void repaired() {
        if (broken != null) {
            broken = null;
            LOG.info("The memory index in {} is repaired: vector search is back", dir);
        }
    }

    /**
     * Merges the index into one segment and commits: each segment is a graph of its own that every search walks, so
     * one segment answers several times faster (docs/BENCHMARKS.md). Called after a rebuild; searches and puts go on
     * meanwhile (they do not wait for the merge, only for its commit).
     */
    public void compact() {
        try {
            writer.forceMerge(1);
        } catch (IOException | AlreadyClosedException e) {
            throw breaks("merge the index", e);
        }
        commit();
    }

    /** Whether the last commit wrote the vectors as this release does (see {@link IndexDirectory}). */
    boolean currentFormat() {
        return CommitData.last(directory, dir).currentFormat();
    }

    /** The highest memory id the index holds (0 when empty). */
    public synchronized long maxId() {
        return maxId;
    }

    /** Whether the memory is in the index (never, while it is broken). */
    public boolean contains(long id) {
        if (broken != null) {
            return false;
        }
        VectorSearcher current = search;
        try {
            return current.contains(id);
        } catch (AlreadyClosedException | UncheckedIOException e) {
            searchFailed(current, e);
            return false;
        }
    }

    /**
     * The tenant's {@code k} memories nearest to {@code vector}; no other tenant's document is ever visited. None while
     * the index is broken.
     */
    public List<Hit> nearest(String tenant, float[] vector, int k) {
        if (broken != null) {
            return List.of();
        }
        VectorSearcher current = search;
        try {
            return current.nearest(tenant, vector, k);
        } catch (AlreadyClosedException | UncheckedIOException e) {
            searchFailed(current, e);
            return List.of();
        }
    }

    /**
     * A search could not refresh its view (writing the pending vectors failed: a full disk) or found the writer closed
     * (Lucene closes it after a failed background merge): the index is broken, unless the search ran on a searcher a
     * repair has replaced meanwhile.
     */
    private synchronized void searchFailed(VectorSearcher used, RuntimeException e) {
        if (used == search) {
            breaks("search", e.getCause() instanceof IOException io ? io : e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (broken != null || rebuilding) {
                search.close();
                // Nothing of a broken index or an unfinished rebuild is worth keeping: the start catches up from the table.
                writer.rollback();
                directory.close();
                return;
            }
            if (writer.hasUncommittedChanges()) {
                commit();
            }
            search.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the memory index in " + dir, e);
        } catch (AlreadyClosedException e) {
            throw new UncheckedIOException("cannot close the memory index in " + dir, new IOException(e));
        }
    }
}
