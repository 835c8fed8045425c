package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.maintenance.MaintenanceJobs;
import dev.kortana.processors.maintenance.MaintenancePolicy;
import dev.kortana.processors.maintenance.MaintenanceRun;
import dev.kortana.processors.maintenance.MaintenanceRuns;
import dev.kortana.processors.maintenance.MemoryArchive;
import dev.kortana.processors.maintenance.MemoryRow;
import dev.kortana.processors.maintenance.SingleRunner;
import dev.kortana.processors.memory.Consolidation;
import dev.kortana.processors.memory.HashedWordsEmbedder;
import dev.kortana.processors.memory.RankFusion;
import dev.kortana.processors.memory.VectorIndex;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.MemoryIndexSync;
import dev.kortana.processors.store.MemoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The maintenance jobs against the real PostgreSQL and a real vector index, with the hashed-words embedder: 1,000
 * near-duplicates become one memory per cluster with their provenance; archive empties the hot table into files and
 * restore brings the same rows back, searchable; forgetting reaches the archive; one of two runners runs a job; pruning
 * takes only old finished tasks' history.
 */
class MemoryMaintenanceIT {

    private static final HashedWordsEmbedder WORDS = new HashedWordsEmbedder(384);
    private static final List<String> FILLERS = List.of("", "today", "again", "indeed", "overnight", "reportedly",
            "apparently", "clearly", "still", "also");
    /** Words every base sentence shares, so a variant's one added word moves it little (as a real long memory). */
    private static final String CONTEXT = " as the operations review of the platform team found in its weekly meeting";

    @TempDir
    Path dataDir;

    String schema;
    Database db;
    PGSimpleDataSource dataSource;
    VectorIndex index;
    MemoryStore store;
    MemoryArchive archive;
    MaintenanceJobs jobs;

    @BeforeEach
    void open() {
        schema = TestDatabase.newSchema();
        db = TestStore.migrated(schema);
        dataSource = dataSource(schema);
        index = VectorIndex.open(dataDir.resolve("memory-index"), WORDS.model());
        new MemoryIndexSync(db, WORDS, index).run();
        store = new MemoryStore(db, WORDS, index, new RankFusion(Duration.ofDays(30), 0.5),
                new Consolidation(0.92, 0.6), 0.3, Clock.systemUTC());
        archive = new MemoryArchive(db, index, WORDS.model(), dataDir.resolve("memory-archive"), Clock.systemUTC());
        jobs = jobs("node-a");
    }

    @AfterEach
    void close() {
        index.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aThousandNearDuplicatesBecomeOneMemoryPerClusterWithProvenanceAndTheIndexHoldsExactlyTheSurvivors() throws Exception {
        List<String> bases = List.of(
                "Broker 3 ran out of disk on the night of 2 November and consumers lagged",
                "The invoice run paid supplier 7 twice because the retry was not idempotent",
                "Deploys to the EU cluster fail when the TLS certificate of the gateway expires",
                "Customer 41 asked for their data export in CSV rather than JSON format",
                "Nightly backups of the orders database take four hours since the index rebuild",
                "The search service slows down whenever the cache warmer runs at midnight",
                "Quarterly reports must be signed by the finance lead before publication",
                "Kafka topic retention for audit events is thirty days by regulation",
                "The mobile app crashes on Android 12 when the camera permission is denied",
                "Password resets go through the helpdesk queue for contractors only");
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int c = 0; c < bases.size(); c++) {
            for (int v = 0; v < 100; v++) {
                rows.add(row(c < 5 ? "acme" : "globex", "task-" + c + "-" + v, variant(bases.get(c) + CONTEXT, v), v));
            }
        }
        // The same text in another tenant is not a duplicate of acme's.
        rows.add(row("initech", "task-initech", bases.get(0) + CONTEXT, 0));
        db.inTransaction(s -> s.batch("INSERT INTO memories (tenant, task_id, kind, content, embedding, embedding_model,"
                + " source_tasks, created_at) VALUES (?, ?, 'fact', ?, ?, ?, ?, now() - make_interval(secs => ?))", rows));
        new MemoryIndexSync(db, WORDS, index).run();
        db.update("UPDATE memories SET quality = 0.9, uses = 2 WHERE task_id = 'task-0-50'");
        db.update("UPDATE memories SET uses = 1 WHERE task_id LIKE 'task-0-%' AND task_id <> 'task-0-50'");
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories")).isEqualTo(1001);

        MaintenanceRun run = jobs.dedup();

        assertThat(run.outcome()).as(run.toString()).isEqualTo(MaintenanceRun.OK);
        assertThat(run.counts()).containsEntry("clusters", 10L).containsEntry("merged", 990L);
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories")).isEqualTo(11);
        assertThat(TestStore.rows(schema, "SELECT concat_ws(' ', cardinality(merged_from), cardinality(source_tasks))"
                + " FROM memories WHERE tenant <> 'initech'")).hasSize(10).containsOnly("99 20");
        assertThat(TestStore.rows(schema, "SELECT concat_ws(' ', task_id, quality, uses) FROM memories"
                + " WHERE content LIKE 'Broker 3%' AND tenant = 'acme'"))
                .as("the best quality survives, with every use").containsExactly("task-0-50 0.9 101");
        assertThat(TestStore.rows(schema, "SELECT source_tasks[20] FROM memories WHERE task_id = 'task-0-50'"))
                .as("the most recent source task is last").containsExactly("task-0-99");
        List<Long> survivors = db.query("SELECT id FROM memories", rs -> rs.getLong(1));
        List<Long> merged = db.query("SELECT unnest(merged_from) FROM memories", rs -> rs.getLong(1));
        assertThat(merged).hasSize(990).doesNotContainAnyElementsOf(survivors);
        assertThat(survivors).allMatch(index::contains);
        assertThat(merged).noneMatch(index::contains);
        assertThat(index.committed()).map(VectorIndex.State::count).contains(11L);
        assertThat(new MemoryIndexSync(db, WORDS, index).run().rebuilt()).as("the index is in step with the table").isFalse();
        assertThat(new MaintenanceRuns(db).recent(MaintenanceJobs.DEDUP, 5)).singleElement()
                .satisfies(r -> assertThat(r.counts()).containsEntry("merged", 990L));
    }

    @Test
    void archiveEmptiesTheHotTableIntoFilesAndRestoreBringsTheSameRowsBackSearchable() throws Exception {
        for (int i = 0; i < 30; i++) {
            store.remember(i % 2 == 0 ? "acme" : "globex", "t-" + i, "fact", "Lesson number " + i + " about broker disks");
        }
        store.remember("acme", "t-hot", "fact", "A fresh lesson about consumer lag");
        db.update("UPDATE memories SET created_at = now() - interval '200 days' WHERE task_id <> 't-hot'");
        List<Long> cold = db.query("SELECT id FROM memories WHERE task_id <> 't-hot' ORDER BY id", rs -> rs.getLong(1));

        MaintenanceRun archived = jobs.archive();

        assertThat(archived.counts()).containsEntry("archived", 30L);
        assertThat(TestStore.rows(schema, "SELECT task_id FROM memories")).containsExactly("t-hot");
        assertThat(Files.list(dataDir.resolve("memory-archive")).map(p -> p.getFileName().toString())
                .filter(name -> !name.equals(".lock")))
                .as("archive files, beside the folder's lock file").isNotEmpty().allMatch(name -> name.endsWith(".jsonl.gz"));
        assertThat(cold).noneMatch(index::contains);
        assertThat(store.search("acme", "broker disks", 50)).isEmpty();

        MaintenanceRun acmeBack = jobs.restore("acme");
        assertThat(acmeBack.counts()).containsEntry("restored", 15L);
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories")).isEqualTo(16);
        assertThat(archive.archived()).hasSize(15).allMatch(r -> r.tenant().equals("globex"));

        MaintenanceRun allBack = jobs.restore(null);
        assertThat(allBack.counts()).containsEntry("restored", 15L).containsEntry("filesLeft", 0L);
        assertThat(db.query("SELECT id FROM memories WHERE task_id <> 't-hot' ORDER BY id", rs -> rs.getLong(1)))
                .as("the same ids").isEqualTo(cold);
        assertThat(cold).allMatch(index::contains);
        assertThat(store.search("acme", "broker disks", 10)).as("found again, only acme's").isNotEmpty()
                .allMatch(m -> m.tenant().equals("acme") && cold.contains(m.id()));
        assertThat(store.search("globex", "broker disks", 10)).isNotEmpty().allMatch(m -> m.tenant().equals("globex"));
        assertThat(TestStore.rows(schema, "SELECT embedding_model FROM memories WHERE task_id = 't-7'"))
                .containsExactly(WORDS.model());
    }

    @Test
    void forgettingByIdTaskOrTenantRemovesFromTheArchive() {
        store.remember("acme", "t-1", "fact", "Acme lesson one");
        store.remember("acme", "t-2", "fact", "Acme lesson two");
        store.remember("acme", "t-3", "fact", "Acme lesson three");
        store.remember("globex", "t-4", "fact", "Globex lesson four");
        store.remember("globex", "t-5", "fact", "Globex lesson five");
        db.update("UPDATE memories SET source_tasks = source_tasks || ARRAY['t-merged'] WHERE task_id = 't-3'");
        long one = db.queryOne("SELECT id FROM memories WHERE task_id = 't-1'", rs -> rs.getLong(1)).orElseThrow();
        archive.archive(java.time.Instant.now().plusSeconds(60), 0, 2);
        assertThat(archive.archived()).hasSize(5);

        assertThat(archive.forgetIds(List.of(one))).isEqualTo(1);
        assertThat(archive.forgetTask("globex", "t-merged")).as("only within the tenant").isZero();
        assertThat(archive.forgetTask("acme", "t-merged")).as("a source task counts").isEqualTo(1);
        assertThat(archive.forgetTenant("globex")).isEqualTo(2);

        assertThat(archive.archived()).extracting(MemoryRow::taskId).containsExactly("t-2");
        assertThat(archive.restore(null).restored()).isEqualTo(1);
    }

    @Test
    void ofTwoInstancesOnOneDatabaseExactlyOneRunsAJob() throws Exception {
        MaintenanceRuns runs = new MaintenanceRuns(db);
        SingleRunner a = new SingleRunner(dataSource, runs, "node-a", Clock.systemUTC());
        SingleRunner b = new SingleRunner(dataSource(schema), runs, "node-b", Clock.systemUTC());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<MaintenanceRun> first = CompletableFuture.supplyAsync(() -> a.run("memory-dedup", () -> {
            inside.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return Map.of("merged", 1L);
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        MaintenanceRun second = b.run("memory-dedup", () -> Map.of("merged", 2L));
        MaintenanceRun otherJob = b.run("table-vacuum", () -> Map.of("tables", 1L));
        release.countDown();

        assertThat(second.outcome()).isEqualTo(MaintenanceRun.SKIPPED);
        assertThat(otherJob.outcome()).as("another job is not held").isEqualTo(MaintenanceRun.OK);
        assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(MaintenanceRun.OK);
        assertThat(runs.recent("memory-dedup", 10)).singleElement()
                .satisfies(r -> assertThat(r.node() + " " + r.counts()).isEqualTo("node-a {merged=1}"));
        assertThat(b.run("memory-dedup", () -> Map.of("merged", 3L)).outcome()).as("released after the run").isEqualTo("ok");
        assertThat(b.run("memory-dedup", () -> {
            throw new IllegalStateException("disk full");
        }).error()).contains("disk full");
        assertThat(TestStore.rows(schema, "SELECT outcome || ' ' || coalesce(error, '') FROM maintenance_runs"
                + " WHERE job = 'memory-dedup' ORDER BY id")).containsExactly("ok ", "ok ", "failed java.lang.IllegalStateException: disk full");
    }

    @Test
    void pruningDeletesOnlyTheHistoryOfTasksThatEndedLongAgoAndHaveNothingToReplay() throws Exception {
        task("old-done", "COMPLETED", 40);
        task("old-failed-replayable", "FAILED", 40);
        db.update("INSERT INTO dead_letters (task_id, exception_class, attempts) VALUES ('old-failed-replayable', 'X', 1)");
        task("old-running", "EXECUTING", 40);
        task("recent-done", "COMPLETED", 1);

        MaintenanceRun run = jobs.pruneTaskHistory();

        assertThat(run.counts()).containsEntry("tasks", 1L).containsEntry("events", 2L).containsEntry("steps", 1L)
                .containsEntry("toolCalls", 1L).containsEntry("promptUses", 1L);
        assertThat(TestStore.rows(schema, "SELECT task_id FROM prompt_uses ORDER BY 1"))
                .containsExactly("old-failed-replayable", "old-running", "recent-done");
        assertThat(TestStore.rows(schema, "SELECT DISTINCT task_id FROM task_events ORDER BY 1"))
                .containsExactly("old-failed-replayable", "old-running", "recent-done");
        assertThat(TestStore.rows(schema, "SELECT task_id FROM steps ORDER BY 1"))
                .containsExactly("old-failed-replayable", "old-running", "recent-done");
        assertThat(TestStore.rows(schema, "SELECT status FROM tasks WHERE id = 'old-done'")).containsExactly("COMPLETED");
        assertThat(jobs.pruneTaskHistory().counts()).containsEntry("tasks", 0L);
    }

    @Test
    void retentionDeletesKindsPastTheirAgeAndVacuumRuns() throws Exception {
        store.remember("acme", "t-1", "reflection", "An old reflection");
        store.remember("acme", "t-2", "reflection", "A recent reflection");
        store.remember("acme", "t-3", "fact", "An old fact");
        db.update("UPDATE memories SET created_at = now() - interval '400 days' WHERE task_id IN ('t-1', 't-3')");
        long old = db.queryOne("SELECT id FROM memories WHERE task_id = 't-1'", rs -> rs.getLong(1)).orElseThrow();

        assertThat(jobs.retention().counts()).containsEntry("reflection", 1L).doesNotContainKey("fact");
        assertThat(TestStore.rows(schema, "SELECT task_id FROM memories ORDER BY 1")).containsExactly("t-2", "t-3");
        assertThat(index.contains(old)).isFalse();
        assertThat(jobs.vacuum().counts()).containsEntry("tables", 6L);
        assertThat(jobs.pruneRuns().outcome()).isEqualTo(MaintenanceRun.OK);
    }

    /** Parameters of one memory row, made {@code age} seconds before the others of its cluster that follow it. */
    private static Object[] row(String tenant, String task, String text, int v) {
        return new Object[] {tenant, task, text, WORDS.embed(text), WORDS.model(), new String[] {task}, 100 - v};
    }

    private void task(String id, String status, int endedDaysAgo) {
        db.update("INSERT INTO tasks (id, client_id, tenant, goal, channel, body_hash, task, status, updated_at)"
                + " VALUES (?, ?, 'acme', 'g', 'HTTP', 'h', '{}'::jsonb, ?, now() - make_interval(days => ?))", id, id, status, endedDaysAgo);
        db.update("INSERT INTO task_events (task_id, kind, name, status) VALUES (?, 'status', 'ACCEPTED', 'ACCEPTED'),"
                + " (?, 'status', ?, ?)", id, id, status, status);
        db.update("INSERT INTO steps (task_id, step_index, tool, status, started_at, duration_ms)"
                + " VALUES (?, 0, 'http.request', 'COMPLETED', now(), 5)", id);
        db.update("INSERT INTO tool_calls (call_key, task_id, step_index, tool, status) VALUES (?, ?, 0, 'orders.place', 'COMPLETED')",
                "key-" + id, id);
        db.update("INSERT INTO prompt_uses (task_id, name, version) VALUES (?, 'plan', 1)", id); // recorded late, never settled
    }

    private MaintenanceJobs jobs(String node) {
        MaintenancePolicy policy = new MaintenancePolicy(0.92, 5000, 20,
                Map.of("reflection", Duration.ofDays(365), "fact", Duration.ZERO), Duration.ofDays(90), Duration.ofDays(90), 0.2,
                7, Duration.ofDays(30), Duration.ofDays(30));
        return new MaintenanceJobs(dataSource, db, WORDS, index, archive, policy, node, Clock.systemUTC());
    }

    /** One of 100 variants of a sentence: its case, its end and at most one added word differ. */
    private static String variant(String base, int v) {
        String text = v % 3 == 0 ? base.toLowerCase(java.util.Locale.ROOT) : base;
        String filler = FILLERS.get(v % FILLERS.size());
        text = filler.isEmpty() ? text : text + " " + filler;
        return text + (v / 10 % 2 == 0 ? "." : "!");
    }

    private static PGSimpleDataSource dataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabase.url());
        ds.setCurrentSchema(schema);
        return ds;
    }
}
