package dev.kortana.bench;

import dev.kortana.processors.memory.MiniLmEmbedder;
import dev.kortana.processors.memory.VectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * What semantic memory costs on this machine: loading all-MiniLM-L6-v2 (quantised) from the jar, embedding a short
 * sentence and an episode-sized text, the similarities that set kortana.memory.min-similarity, and the Lucene HNSW
 * index's write (as MemoryStore writes: committed at most once a second), tenant-filtered search and rebuild. Single
 * thread. Run with bench/embeddings.sh.
 *
 * <p>Arguments: [texts per size (default 500)] [memories in the index (default 5000)] [tenants (default 10)].
 */
public final class EmbeddingBench {

    private static final String SENTENCE = "Broker 3 ran out of disk and the cluster lost a partition leader.";
    private static final String EPISODE = "Goal: summarize this incident report\nResult: Kafka outage on 2 November:"
            + " broker 3 ran out of disk and the cluster lost a partition leader. Consumers lagged for 40 minutes."
            + " Producers retried and no data was lost. We added a disk alert at 80 percent. The on-call engineer"
            + " moved two topics to brokers with free space and raised the retention alarm threshold for the team.";

    public static void main(String[] args) throws Exception {
        int texts = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int memories = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int tenants = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path tmp = Files.createTempDirectory("kortana-embedding-bench");

        long start = System.nanoTime();
        MiniLmEmbedder embedder = new MiniLmEmbedder(tmp.resolve("djl"));
        long loaded = System.nanoTime();
        embedder.embed(SENTENCE);
        long first = System.nanoTime();
        System.out.printf("model load: %d ms; first embedding: %d ms%n", (loaded - start) / 1_000_000, (first - loaded) / 1_000_000);

        for (String[] pair : new String[][] {
                {SENTENCE, "which kafka node had a full drive"},
                {EPISODE, "which kafka node had a full drive"},
                {EPISODE, "summarize what memory knows about kafka outages"},
                {EPISODE, "what is the capital of France"},
                {EPISODE, "quarterly revenue report for the sales team"},
                {SENTENCE, "the invoice was paid twice"}}) {
            System.out.printf("similarity %.3f  %.40s… / %s%n", dot(embedder.embed(pair[0]), embedder.embed(pair[1])), pair[0], pair[1]);
        }

        for (String[] sized : new String[][] {{"sentence (" + SENTENCE.length() + " chars)", SENTENCE},
                {"episode (" + EPISODE.length() + " chars)", EPISODE}}) {
            for (int i = 0; i < 50; i++) {
                embedder.embed(sized[1] + i);
            }
            Histogram h = new Histogram(3);
            for (int i = 0; i < texts; i++) {
                long t = System.nanoTime();
                embedder.embed(sized[1] + " " + i);
                h.recordValue((System.nanoTime() - t) / 1000);
            }
            print("embed " + sized[0], h);
        }

        Random random = new Random(42);
        try (VectorIndex index = VectorIndex.open(tmp.resolve("memory-index"), embedder.model())) {
            Histogram put = new Histogram(3);
            for (int id = 1; id <= memories; id++) {
                float[] v = randomUnit(random, 384);
                long t = System.nanoTime();
                index.put(id, "tenant-" + (id % tenants), v);
                put.recordValue((System.nanoTime() - t) / 1000);
            }
            print("index put (" + memories + " memories)", put);
            Histogram search = new Histogram(3);
            for (int i = 0; i < texts + 100; i++) {
                float[] q = randomUnit(random, 384);
                long t = System.nanoTime();
                index.nearest("tenant-" + (i % tenants), q, 20);
                if (i >= 100) {
                    search.recordValue((System.nanoTime() - t) / 1000);
                }
            }
            print("index nearest k=20 in one of " + tenants + " tenants (" + memories + " memories)", search);

            // A rebuild as MemoryIndexSync does it, without the database read: empty, add every vector, commit once.
            float[][] vectors = new float[memories][];
            for (int i = 0; i < memories; i++) {
                vectors[i] = randomUnit(random, 384);
            }
            long t = System.nanoTime();
            index.clear();
            for (int id = 1; id <= memories; id++) {
                index.add(id, "tenant-" + (id % tenants), vectors[id - 1]);
            }
            index.commit();
            long ms = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("index rebuild of %d vectors: %d ms (%.3f ms per vector)%n", memories, ms, (double) ms / memories);
        }
    }

    private static float[] randomUnit(Random random, int dims) {
        float[] v = new float[dims];
        double sum = 0;
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
            sum += v[i] * v[i];
        }
        for (int i = 0; i < dims; i++) {
            v[i] /= (float) Math.sqrt(sum);
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void print(String what, Histogram h) {
        System.out.printf("%-60s n=%d p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
