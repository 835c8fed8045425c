package dev.kortana.processors.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;

/** The read side of the memory index: a search sees every write made before it (a write marks the view stale). */
final class VectorSearcher {

    private final SearcherManager searchers;
    private final Path dir;
    private volatile boolean unseen;
    /** During a rebuild: searches keep the view they have (the index as it was), whatever is written meanwhile. */
    private boolean frozen;

    VectorSearcher(SearcherManager searchers, Path dir) {
        this.searchers = searchers;
        this.dir = dir;
    }

    /** A document was written or deleted: the next search refreshes its view first. */
    void written() {
        unseen = true;
    }

    /** Whether the memory is in the index. */
    boolean contains(long id) {
        try {
            if (unseen) {
                refresh();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.count(MemoryDocuments.withId(id)) > 0;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the memory index in " + dir, e);
        }
    }

    /** The tenant's {@code k} memories nearest to {@code vector}; no other tenant's document is ever visited. */
    List<VectorIndex.Hit> nearest(String tenant, float[] vector, int k) {
        try {
            if (unseen) {
                refresh();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                ScoreDoc[] top = MemoryDocuments.nearest(searcher, tenant, vector, k, MemoryDocuments.EXACT_UP_TO);
                List<VectorIndex.Hit> hits = new ArrayList<>(top.length);
                for (ScoreDoc doc : top) {
                    long id = MemoryDocuments.id(searcher, doc);
                    hits.add(new VectorIndex.Hit(id, 2 * doc.score - 1)); // Lucene scores a dot product of unit vectors as (1 + cos) / 2
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the memory index in " + dir, e);
        }
    }

    /** Makes the view current, unless a rebuild froze it; a refresh that fails is tried again by the next search. */
    synchronized void refresh() throws IOException {
        if (frozen) {
            return;
        }
        unseen = false; // cleared first: a write during the refresh sets it again, and the next search refreshes
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException | RuntimeException e) {
            unseen = true;
            throw e;
        }
    }

    /**
     * Keeps the current view (made current first) until {@link #thaw()}: called before a rebuild empties the index, so
     * that no search, not even one already under way, sees it half built.
     */
    synchronized void freeze() throws IOException {
        refresh();
        frozen = true;
    }

    /** Ends {@link #freeze()}; the next refresh shows what the index holds then. */
    synchronized void thaw() {
        frozen = false;
    }

    void close() throws IOException {
        searchers.close();
    }
}
