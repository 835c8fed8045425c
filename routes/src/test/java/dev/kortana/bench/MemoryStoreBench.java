package dev.kortana.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.MiniLmEmbedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.MemoryIndexSync;
import dev.kortana.processors.store.MemoryStore;
import dev.kortana.processors.store.Migrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What memory adds to a task, against a real PostgreSQL with N rows in the memories table: {@link MemoryStore#search}
 * (a memory.search step) and {@link MemoryStore#remember} (the memory stage storing a fact), per call, with the
 * statements each sends, and a search split into its parts (query embedding, full-text query, vector search; the
 * rest is the follow read, the rows read and the fusion). Wired as MemoryWiring wires it (fusion half-life 30 days,
 * recency share 0.5, consolidation 0.92 / 0.6, min similarity 0.3,
 * MiniLM). Single thread. Run with bench/memory-store.sh.
 *
 * <p>Arguments: [rows (100000)] [calls (2000)] [JDBC URL (jdbc:postgresql://127.0.0.1:5432/test?user=postgres)].
 * The schema {@code bench_memory} is made, filled and dropped.
 */
public final class MemoryStoreBench {

    private static final String SCHEMA = "bench_memory";
    private static final double[] SHARES = {0.5, 0.3, 0.15, 0.04, 0.01};
    private static final int WARMUP = 100;
    /** MemoryStore's full-text query for a limit of 10 (40 candidates), as it sends it. */
    private static final String FULL_TEXT = "SELECT id FROM memories, to_tsquery('english', ?) q"
            + " WHERE tenant = ? AND tsv @@ q ORDER BY ts_rank(tsv, q) DESC, created_at DESC LIMIT ?";

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        String url = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        int poolSize = Integer.getInteger("pool", 30_000);
        Path work = Path.of(System.getProperty("work", "/tmp/kortana-memory-bench"));

        MiniLmEmbedder embedder = new MiniLmEmbedder(work.resolve("djl"));
        List<String> poolText = MemoryCorpus.sentences(1, poolSize, java.util.Set.of());
        float[][] pool = MemoryCorpus.embedded(embedder, poolText, work.resolve("pool-" + poolSize + "-seed1.f32"));
        List<String> queries = MemoryCorpus.sentences(2, calls + WARMUP, new java.util.HashSet<>(poolText));
        List<String> extra = MemoryCorpus.sentences(3, Math.max(0, rows - poolSize), new java.util.HashSet<>(poolText));

        dropSchema(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setSchema(SCHEMA);
        config.setMaximumPoolSize(4);
        Path dir = work.resolve("store-index");
        BenchMachine.deleteTree(dir);
        try (HikariDataSource pooled = new HikariDataSource(config)) {
            Migrations.migrate(pooled, SCHEMA);
            StatementCounter counter = new StatementCounter(pooled);
            Database db = new Database(counter.dataSource());

            long t = System.nanoTime();
            Random random = new Random(7);
            float[] derived = new float[MemoryCorpus.DIMS];
            List<Object[]> batch = new ArrayList<>();
            for (int i = 1; i <= rows; i++) {
                float[] vector;
                String content;
                if (i <= pool.length) {
                    vector = pool[i - 1];
                    content = poolText.get(i - 1);
                } else {
                    MemoryCorpus.derive(pool, random, derived, 0);
                    vector = derived.clone();
                    content = extra.get(i - pool.length - 1);
                }
                String task = "bench-" + i;
                batch.add(new Object[] {"t" + tenant(random.nextDouble()), task, content, vector, MiniLmEmbedder.MODEL, new String[] {task}});
                if (batch.size() == 1000 || i == rows) {
                    List<Object[]> rowsNow = List.copyOf(batch);
                    db.inTransaction(s -> s.batch("INSERT INTO memories (tenant, task_id, kind, content, embedding,"
                            + " embedding_model, source_tasks) VALUES (?, ?, 'fact', ?, ?, ?, ?)", rowsNow));
                    batch.clear();
                }
            }
            db.update("ANALYZE memories");
            System.out.printf("filled %,d rows in %.1f s (the first %,d with their real embedding, the rest with text of"
                    + " their own and a vector derived from real ones); %s%n", rows, (System.nanoTime() - t) / 1e9,
                    Math.min(rows, pool.length), BenchMachine.load());

            try (VectorIndex index = VectorIndex.open(dir, embedder.model())) {
                MemoryIndexSync.Report report = new MemoryIndexSync(db, embedder, index).run();
                System.out.printf("start-up sync (rebuilds the index from the table): %s; index %d MB; %s%n", report,
                        BenchMachine.size(dir) >> 20, BenchMachine.load());
                MemoryStore store = new MemoryStore(db, embedder, index, new RankFusion(Duration.ofDays(30), 0.5),
                        new Consolidation(0.92, 0.6), 0.3, Clock.systemUTC());
                measure(store, db, embedder, index, counter, queries, calls);
            }
        } finally {
            dropSchema(url);
            BenchMachine.deleteTree(dir);
        }
    }

    private static void measure(MemoryStore store, Database db, MiniLmEmbedder embedder, VectorIndex index,
            StatementCounter counter, List<String> queries, int calls) throws Exception {
        for (int limit : new int[] {10, 5}) {
            Histogram total = new Histogram(3);
            Histogram found = new Histogram(3);
            long statements = 0;
            long transactions = 0;
            for (int q = 0; q < queries.size(); q++) {
                String tenant = "t" + (q % SHARES.length);
                long[] before = counter.counts();
                long start = System.nanoTime();
                List<MemoryStore.Memory> hits = store.search(tenant, queries.get(q), limit);
                long micros = (System.nanoTime() - start) / 1000;
                long[] after = counter.counts();
                if (q >= WARMUP) {
                    total.recordValue(micros);
                    found.recordValue(hits.size());
                    statements += after[0] - before[0];
                    transactions += after[1] - before[1];
                }
            }
            print("MemoryStore.search, limit " + limit, total, statements, transactions, calls);
            System.out.printf("  hits per search: p50 %d, min %d%n", found.getValueAtPercentile(50), found.getMinValue());
        }

        // The parts of a limit-10 search, each timed alone over the same queries.
        Histogram embed = new Histogram(3);
        Histogram fullText = new Histogram(3);
        Histogram vector = new Histogram(3);
        Histogram matched = new Histogram(3);
        for (int q = 0; q < queries.size(); q++) {
            String tenant = "t" + (q % SHARES.length);
            long a = System.nanoTime();
            float[] v = embedder.embed(queries.get(q));
            long b = System.nanoTime();
            List<Long> words = db.query(FULL_TEXT, rs -> rs.getLong(1), anyWord(queries.get(q)), tenant, 40);
            long c = System.nanoTime();
            index.nearest(tenant, v, 40);
            long d = System.nanoTime();
            if (q >= WARMUP) {
                embed.recordValue((b - a) / 1000);
                fullText.recordValue((c - b) / 1000);
                vector.recordValue((d - c) / 1000);
                matched.recordValue(words.size());
            }
        }
        print("  part: embed the query (MiniLM)", embed, 0, 0, calls);
        print("  part: full text, 40 candidates (1 statement)", fullText, calls, calls, calls);
        print("  part: VectorIndex.nearest, k = 40", vector, 0, 0, calls);
        System.out.printf("  full-text candidates per query: p50 %d (of 40 asked)%n", matched.getValueAtPercentile(50));

        // The memory stage storing a task's fact (an episode-sized text, as MemoryStage builds it).
        Histogram remember = new Histogram(3);
        Histogram embedEpisode = new Histogram(3);
        long statements = 0;
        long transactions = 0;
        for (int i = 0; i < calls + WARMUP; i++) {
            String content = "Goal: " + queries.get(i) + "\nResult: " + queries.get((i + 1) % queries.size()) + " "
                    + queries.get((i + 2) % queries.size()) + " " + queries.get((i + 3) % queries.size());
            long a = System.nanoTime();
            embedder.embed(content);
            long b = System.nanoTime();
            long[] before = counter.counts();
            long c = System.nanoTime();
            store.remember("t" + (i % SHARES.length), "bench-new-" + i, "fact", content);
            long micros = (System.nanoTime() - c) / 1000;
            long[] after = counter.counts();
            if (i >= WARMUP) {
                embedEpisode.recordValue((b - a) / 1000);
                remember.recordValue(micros);
                statements += after[0] - before[0];
                transactions += after[1] - before[1];
            }
        }
        print("MemoryStore.remember (a ~330-char fact)", remember, statements, transactions, calls);
        print("  part: embed the fact (MiniLM)", embedEpisode, 0, 0, calls);
    }

    private static String anyWord(String query) {
        return java.util.Arrays.stream(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> w.length() > 1).distinct().collect(Collectors.joining(" | "));
    }

    private static void print(String what, Histogram h, long statements, long transactions, int calls) throws Exception {
        System.out.printf("RESULT | %s | %d | %.2f | %.2f | %.2f | %.1f | %.1f | %s |%n", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
                (double) statements / calls, (double) transactions / calls, BenchMachine.loadAverage());
    }

    private static int tenant(double u) {
        double sum = 0;
        for (int t = 0; t < SHARES.length; t++) {
            sum += SHARES[t];
            if (u < sum) {
                return t;
            }
        }
        return SHARES.length - 1;
    }

    private static void dropSchema(String url) throws Exception {
        try (var c = DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
