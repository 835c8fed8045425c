package dev.kortana.processors.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/** A tenant's nearest memories, compared exactly for a small tenant and through the graph for a large one. */
class MemoryDocumentsTest {

    private static final int DIMS = 32;

    @Test
    void theExactSearchOfASmallTenantIsTheBruteForceTopKAndTheGraphAgreesWithIt() throws Exception {
        Random random = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
                for (int id = 0; id < 600; id++) {
                    float[] v = Embedder.unit(randomVector(random));
                    vectors.add(v);
                    writer.addDocument(MemoryDocuments.of(id, id % 10 == 0 ? "small" : "large", v));
                    if (id == 300) {
                        writer.commit(); // two segments: the exact search walks each
                    }
                }
                writer.deleteDocuments(MemoryDocuments.idTerm(10)); // a deleted memory of the small tenant
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int overlap = 0;
                for (int q = 0; q < 20; q++) {
                    float[] query = Embedder.unit(randomVector(random));
                    long[] truth = bruteForce(vectors, query, 5);

                    long[] exact = ids(searcher, MemoryDocuments.nearest(searcher, "small", query, 5, Integer.MAX_VALUE));
                    long[] graph = ids(searcher, MemoryDocuments.nearest(searcher, "small", query, 5, 0));

                    assertThat(exact).containsExactly(truth);
                    overlap += (int) Arrays.stream(graph).filter(id -> Arrays.stream(truth).anyMatch(t -> t == id)).count();
                    assertThat(Arrays.stream(graph).map(id -> id % 10)).as("only the small tenant's").containsOnly(0L);
                }
                assertThat(overlap).as("graph hits among the exact top 5, of 100").isGreaterThanOrEqualTo(90);
            }
        }
    }

    private static long[] bruteForce(List<float[]> vectors, float[] query, int k) {
        return IntStream.range(0, vectors.size())
                .filter(id -> id % 10 == 0 && id != 10)
                .boxed()
                .sorted(Comparator.comparingDouble(id -> -MemoryDocuments.SIMILARITY.compare(query, vectors.get(id))))
                .limit(k)
                .mapToLong(Integer::longValue)
                .toArray();
    }

    private static long[] ids(IndexSearcher searcher, ScoreDoc[] docs) throws Exception {
        long[] ids = new long[docs.length];
        for (int i = 0; i < docs.length; i++) {
            ids[i] = MemoryDocuments.id(searcher, docs[i]);
        }
        return ids;
    }

    private static float[] randomVector(Random random) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
