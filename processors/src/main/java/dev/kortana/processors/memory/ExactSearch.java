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
 * as many as the tenant has, gives up, and then compares them all anyway (Lucene's fallback): at 1M memories a tenant of
 * 10,000 paid about 17 ms for that, where comparing its 10,000 vectors alone takes a fraction (docs/BENCHMARKS.md).
 */
final class ExactSearch {

    private ExactSearch() {}

    /** The {@code k} best of {@code tenant}'s live documents by {@link MemoryDocuments#SIMILARITY}, best first. */
    static ScoreDoc[] top(IndexSearcher searcher, Term tenant, String field, float[] vector, int k) throws IOException {
        PriorityQueue<ScoreDoc> best = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a.score, b.score));
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
                } else if (score > best.peek().score) {
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
