package dev.kortana.processors.memory;

import java.io.IOException;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/** One memory as a Lucene document (its id, its tenant, its vector), and the queries over them. */
final class MemoryDocuments {

    private static final String ID = "id";
    private static final String TENANT = "tenant";
    private static final String VECTOR = "vector";
    /**
     * Every vector is unit length ({@link Embedder#embed}), so the dot product is the cosine: the same ranking and the
     * same score as COSINE, without two norms per comparison (the HNSW build's and search's hot loop).
     */
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private MemoryDocuments() {}

    static Document of(long id, String tenant, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(ID, Long.toString(id), Field.Store.NO));
        doc.add(new StoredField(ID, id));
        doc.add(new StringField(TENANT, tenant, Field.Store.NO));
        doc.add(new KnnFloatVectorField(VECTOR, vector, SIMILARITY));
        return doc;
    }

    static Term idTerm(long id) {
        return new Term(ID, Long.toString(id));
    }

    static Query withId(long id) {
        return new TermQuery(idTerm(id));
    }

    /**
     * A tenant with at most this many documents is searched exactly ({@link ExactSearch}), a larger one through the HNSW
     * graph. Measured at 1M memories (docs/BENCHMARKS.md): exact for a tenant of 10,056 costs 6.3 ms p50 and 8.1 ms
     * p99, about linear in its size, while the graph costs a tenant of 40,000 2.6 ms p50; the bound keeps the exact
     * comparison under 10 ms.
     */
    static final int EXACT_UP_TO = 12_000;

    /**
     * The tenant's {@code k} nearest documents, best first: compared exactly when the tenant has at most
     * {@code exactUpTo} documents ({@link #EXACT_UP_TO} in production), else through the graph.
     */
    static ScoreDoc[] nearest(IndexSearcher searcher, String tenant, float[] vector, int k, int exactUpTo) throws IOException {
        Term term = new Term(TENANT, tenant);
        if (searcher.getIndexReader().docFreq(term) <= exactUpTo) {
            return ExactSearch.top(searcher, term, VECTOR, vector, k);
        }
        // The tenant filter is applied inside the graph search, not after it.
        return searcher.search(new KnnFloatVectorQuery(VECTOR, vector, k, new TermQuery(term)), k).scoreDocs;
    }

    static long id(IndexSearcher searcher, ScoreDoc doc) throws IOException {
        return searcher.storedFields().document(doc.doc).getField(ID).numericValue().longValue();
    }
}
