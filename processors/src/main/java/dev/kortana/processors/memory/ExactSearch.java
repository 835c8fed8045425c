package dev.kortana.processors.memory;

import java.io.IOException;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;

/**
 * The exact top k of one tenant's vectors, every one compared: cheaper than the HNSW graph for a tenant that holds few
 * of the index's vectors. The graph search filtered to such a tenant walks nodes of other tenants until it has visited
 * as many as the tenant has, gives up, and then compares them all anyway (Lucene's fallback): at 1M memories, in one
 * segment, a tenant of 10,056 paid 7.0 ms p50 and 20.3 ms p99 for that, and comparing its vectors alone takes 6.3 ms
 * and 8.1 ms (docs/BENCHMARKS.md).
 */
final class ExactSearch {

    private ExactSearch() {}

    /** The {@code k} best of {@code tenant}'s live documents by {@link MemoryDocuments#SIMILARITY}, best first. */
    static ScoreDoc[] top(IndexSearcher searcher, Term tenant, String field, float[] vector, int k) throws IOException {
        // Worst first; of equal scores the higher doc is worse, so ties keep the lower doc as Lucene's own results do.
        PriorityQueue<ScoreDoc> best = new PriorityQueue<>(k + 1,
                (a, b) -> a.score != b.score ? Float.compare(a.score, b.score) : Integer.compare(b.doc, a.doc));
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            PostingsEnum docs = reader.postings(tenant, PostingsEnum.NONE);
            FloatVectorValues vectors = reader.getFloatVectorValues(field);
            if (docs == null || vectors == null) {
                continue;
            }
            Bits live = reader.getLiveDocs();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live != null && !live.get(doc) || vectors.docID() > doc
                        || vectors.docID() < doc && vectors.advance(doc) != doc) {
                    continue;
                }
                float score = MemoryDocuments.SIMILARITY.compare(vector, vectors.vectorValue());
                if (best.size() < k) {
                    best.add(new ScoreDoc(leaf.docBase + doc, score));
                } else if (score > best.peek().score) { // docs come in increasing order: an equal score is a later doc
                    best.poll();
                    best.add(new ScoreDoc(leaf.docBase + doc, score));
                }
            }
        }
        ScoreDoc[] top = new ScoreDoc[best.size()];
        for (int i = top.length - 1; i >= 0; i--) {
            top[i] = best.poll();
        }
        return top;
    }
}
