package dev.kortana.bench;

import dev.kortana.processors.memory.MiniLmEmbedder;
import dev.kortana.processors.memory.VectorIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

/**
 * Top-10 memory search at scale: a VectorIndex of N memories over a few tenants of unequal size is bulk-loaded as
 * MemoryIndexSync rebuilds it (add every vector, commit once), then held-out queries are searched through
 * {@link VectorIndex#nearest} (tenant-filtered, as MemoryStore does) and graded against an exact top 10 over the same
 * tenant's vectors. Measured as built, then after {@link VectorIndex#compact()}. Single thread. Run with
 * bench/memory-search.sh.
 *
 * <p>Arguments: memory counts (default 100000). System properties: {@code queries} (2000), {@code pool} (sentences
 * embedded with MiniLM, 30000), {@code shares} (tenant shares, "0.5,0.3,0.15,0.04,0.01"), {@code work} (directory for
 * the embedding cache and the indexes, /tmp/kortana-memory-bench), {@code index} (an index an earlier run of the same
 * size left, e.g. a hard-linked copy: measured as it is instead of built, and kept).
 *
 * <p>The build runs with the writer's rebuild buffer (a quarter of the heap, at most 1 GB: set the heap with HEAP in
 * bench/memory-search.sh), then {@link VectorIndex#compact()} merges it to one segment, as a rebuild does in Kor'tana.
 */
public final class MemorySearchBench {

    private static final int DIMS = MemoryCorpus.DIMS;
    private static final int TOP = 10;
    /** What MemoryStore.search asks the index for when it wants 10 memories (limit × 4 candidates). */
    private static final int STORE_K = 40;
    private static final int WARMUP = 200;
    /** CPU time of the searching thread: what a query costs, whatever else the shared machine runs meanwhile. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        System.out.println("RESULT | memories | variant | segments | k asked | wall p50 | wall p99 | wall max | CPU p50 |"
                + " CPU p99 | CPU max | recall@10 mean | recall@10 min | index on disk | load average |");
        int queries = Integer.getInteger("queries", 2000);
        int poolSize = Integer.getInteger("pool", 30_000);
        String[] shareText = System.getProperty("shares", "0.5,0.3,0.15,0.04,0.01").split(",");
        Path work = Path.of(System.getProperty("work", "/tmp/kortana-memory-bench"));
        double[] shares = new double[shareText.length];
        for (int t = 0; t < shares.length; t++) {
            shares[t] = Double.parseDouble(shareText[t]);
        }
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"100000"} : args) {
            sizes.add(Integer.parseInt(a));
        }

        long t0 = System.nanoTime();
        MiniLmEmbedder embedder = new MiniLmEmbedder(work.resolve("djl"));
        List<String> poolText = MemoryCorpus.sentences(1, poolSize, java.util.Set.of());
        List<String> queryText = MemoryCorpus.sentences(2, queries + WARMUP, new HashSet<>(poolText));
        float[][] pool = MemoryCorpus.embedded(embedder, poolText, work.resolve("pool-" + poolSize + "-seed1.f32"));
        float[][] query = MemoryCorpus.embedded(embedder, queryText, work.resolve("queries-" + (queries + WARMUP) + "-seed2.f32"));
        System.out.printf("corpus: %d pool sentences and %d held-out queries embedded (or read from the cache) in %.1f s;"
                + " e.g. \"%s\" / query \"%s\"%n", poolSize, queries + WARMUP, (System.nanoTime() - t0) / 1e9,
                poolText.get(0), queryText.get(0));

        String kept = System.getProperty("index");
        for (int n : sizes) {
            run(n, pool, query, shares, kept == null ? work.resolve("index-" + n) : Path.of(kept), kept != null);
        }
    }

    private static void run(int n, float[][] pool, float[][] query, double[] shares, Path dir, boolean given) throws Exception {
        // Memories: the first min(n, pool) are real embeddings, the rest derived from them; tenants by share.
        float[] vectors = new float[n * DIMS];
        int[] tenantOf = new int[n + 1];
        Random random = new Random(n);
        int[] perTenant = new int[shares.length];
        for (int id = 1; id <= n; id++) {
            if (id <= pool.length) {
                System.arraycopy(pool[id - 1], 0, vectors, (id - 1) * DIMS, DIMS);
            } else {
                MemoryCorpus.derive(pool, random, vectors, (id - 1) * DIMS);
            }
            tenantOf[id] = tenant(random.nextDouble(), shares);
            perTenant[tenantOf[id]]++;
        }
        int[][] tenantIds = new int[shares.length][];
        for (int t = 0; t < shares.length; t++) {
            tenantIds[t] = new int[perTenant[t]];
        }
        int[] filled = new int[shares.length];
        for (int id = 1; id <= n; id++) {
            tenantIds[tenantOf[id]][filled[tenantOf[id]]++] = id;
        }
        System.out.printf("%n== %,d memories; tenants t0..t%d hold %s; %s%n", n, shares.length - 1,
                java.util.Arrays.toString(perTenant), BenchMachine.load());

        long t = System.nanoTime();
        ExactTopK[] truth = new ExactTopK[query.length];
        for (int q = 0; q < query.length; q++) {
            truth[q] = ExactTopK.of(vectors, tenantIds[q % shares.length], query[q], TOP);
        }
        System.out.printf("brute-force top-10 (ground truth): %.1f ms per query on average, %d queries%n",
                (System.nanoTime() - t) / 1e6 / query.length, query.length);

        if (given) {
            // An index a run left (INDEX=dir): the same N and seed give the same memories; measured as it is, kept.
            long baseline = BenchMachine.heapAfterGc();
            try (VectorIndex index = VectorIndex.open(dir, MiniLmEmbedder.MODEL)) {
                if (index.committed().isEmpty() || index.committed().get().count() != n) {
                    throw new IllegalStateException(dir + " does not hold an index of " + n + " memories: " + index.committed());
                }
                measure("given", n, index, dir, query, truth, vectors, shares.length, baseline);
            }
            return;
        }
        BenchMachine.deleteTree(dir);
        long baseline = BenchMachine.heapAfterGc();
        BenchMachine.resetPeaks();
        t = System.nanoTime();
        long cpu0 = BenchMachine.processCpuNanos();
        try (VectorIndex index = VectorIndex.open(dir, MiniLmEmbedder.MODEL)) {
            index.clear();
            for (int id = 1; id <= n; id++) {
                index.add(id, "t" + tenantOf[id], java.util.Arrays.copyOfRange(vectors, (id - 1) * DIMS, id * DIMS));
            }
            long added = System.nanoTime();
            index.commit();
            System.out.printf("build: add %d vectors %.1f s, commit %.1f s (%.2f ms per vector; process CPU %.1f s); peak"
                    + " heap during the build %d MB above the bench's own data; %s%n", n, (added - t) / 1e9,
                    (System.nanoTime() - added) / 1e9, (System.nanoTime() - t) / 1e6 / n,
                    (BenchMachine.processCpuNanos() - cpu0) / 1e9, (BenchMachine.peakHeap() - baseline) >> 20, BenchMachine.load());
            measure("as built", n, index, dir, query, truth, vectors, shares.length, baseline);

            // What MemoryIndexSync does after a rebuild: merge to one segment while the index stays open.
            t = System.nanoTime();
            cpu0 = BenchMachine.processCpuNanos();
            index.compact();
            System.out.printf("compact (forceMerge(1) and commit): %.1f s (process CPU %.1f s); %s%n",
                    (System.nanoTime() - t) / 1e9, (BenchMachine.processCpuNanos() - cpu0) / 1e9, BenchMachine.load());
            if (index.committed().isEmpty() || index.committed().get().count() != n) {
                throw new IllegalStateException("the compacted index lost its state: " + index.committed());
            }
            measure("one segment", n, index, dir, query, truth, vectors, shares.length, baseline);
        }
        BenchMachine.deleteTree(dir);
    }

    private static void measure(String variant, int n, VectorIndex index, Path dir, float[][] query, ExactTopK[] truth,
            float[] vectors, int tenants, long baseline) throws Exception {
        int segments;
        try (FSDirectory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
            segments = reader.leaves().size();
        }
        long disk = BenchMachine.size(dir);
        for (int q = 0; q < WARMUP; q++) {
            index.nearest("t" + (q % tenants), query[q], STORE_K);
        }
        for (int k : new int[] {TOP, STORE_K}) {
            Histogram all = new Histogram(3);
            Histogram cpu = new Histogram(3);
            Histogram[] byTenant = new Histogram[tenants];
            Histogram[] cpuByTenant = new Histogram[tenants];
            double[] recall = new double[tenants];
            double recallSum = 0;
            double recallMin = 1;
            for (int t = 0; t < tenants; t++) {
                byTenant[t] = new Histogram(3);
                cpuByTenant[t] = new Histogram(3);
            }
            for (int q = WARMUP; q < query.length; q++) {
                int tenant = q % tenants;
                long startCpu = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                List<VectorIndex.Hit> hits = index.nearest("t" + tenant, query[q], k);
                long micros = (System.nanoTime() - start) / 1000;
                long cpuMicros = (THREADS.getCurrentThreadCpuTime() - startCpu) / 1000;
                cpu.recordValue(cpuMicros);
                cpuByTenant[tenant].recordValue(cpuMicros);
                all.recordValue(micros);
                byTenant[tenant].recordValue(micros);
                long[] ids = hits.stream().mapToLong(VectorIndex.Hit::id).toArray();
                double r = truth[q].recall(ids, vectors, query[q], TOP);
                recall[tenant] += r;
                recallSum += r;
                recallMin = Math.min(recallMin, r);
            }
            int measured = query.length - WARMUP;
            System.out.printf("RESULT | %,d | %s | %d | k=%d, cut to 10 | %s | %s | %.4f | %.1f | %d MB | %s |%n", n,
                    variant, segments, k, BenchMachine.millis(all), BenchMachine.millis(cpu), recallSum / measured,
                    recallMin, disk >> 20, BenchMachine.loadAverage());
            for (int t = 0; t < tenants; t++) {
                System.out.printf("  tenant t%d: wall p50/p99/max %s, CPU %s, recall@10 %.4f%n", t,
                        BenchMachine.millis(byTenant[t]), BenchMachine.millis(cpuByTenant[t]),
                        recall[t] / byTenant[t].getTotalCount());
            }
        }
        System.out.printf("heap with the index open and searched, after GC: %d MB above the bench's own data%n",
                (BenchMachine.heapAfterGc() - baseline) >> 20);
    }

    private static int tenant(double u, double[] shares) {
        double sum = 0;
        for (int t = 0; t < shares.length; t++) {
            sum += shares[t];
            if (u < sum) {
                return t;
            }
        }
        return shares.length - 1;
    }
}
