package dev.kortana.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.processors.audit.AuditAnchor;
import dev.kortana.processors.audit.AuditSigner;
import dev.kortana.processors.audit.AuditVerifier;
import dev.kortana.processors.audit.PgAuditLog;
import dev.kortana.processors.audit.TrustedKeys;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.Migrations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A migrated schema of its own for audit log tests, with "instances" (each its own pool and dev key), verifiers, and
 * plain SQL for tampering. Closing it stops the logs and drops the schema.
 */
final class AuditFixture implements AutoCloseable {

    /** One Kor'tana instance's audit log: its own pool, its own dev key. */
    record Instance(AuditSigner signer, PgAuditLog log) {}

    private final Path dataDirs;
    private final String schema = TestDatabase.newSchema();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Database db;

    AuditFixture(Path dataDirs) {
        this.dataDirs = dataDirs;
        HikariDataSource pool = pool();
        Migrations.migrate(pool, schema);
        this.db = new Database(pool);
    }

    Database db() {
        return db;
    }

    Instance instance(String name) {
        return start(name, AuditAnchor.NONE, PgAuditLog.DEFAULT_CHECKPOINT, PgAuditLog.DEFAULT_LINGER);
    }

    /** An instance that signs a row besides the head at most once per {@code checkpoint} (zero: every batch). */
    Instance instance(String name, Duration checkpoint) {
        return start(name, AuditAnchor.NONE, checkpoint, PgAuditLog.DEFAULT_LINGER);
    }

    /** An instance that trusts its own key only: a head another instance signed is refused. */
    Instance trustingItselfOnly(String name) {
        return start(name, AuditAnchor.NONE, PgAuditLog.DEFAULT_CHECKPOINT, PgAuditLog.DEFAULT_LINGER, false);
    }

    /** An instance whose recorded entries wait up to {@code linger} for others to share their batch. */
    Instance lingering(String name, Duration linger) {
        return start(name, AuditAnchor.NONE, PgAuditLog.DEFAULT_CHECKPOINT, linger);
    }

    /** An instance that keeps its anchor in its data folder, as a running Kor'tana does. */
    Instance anchored(String name) {
        return start(name, anchor(name), PgAuditLog.DEFAULT_CHECKPOINT, PgAuditLog.DEFAULT_LINGER);
    }

    AuditAnchor anchor(String name) {
        return AuditAnchor.in(dataDirs.resolve(name));
    }

    private Instance start(String name, AuditAnchor anchor, Duration checkpoint, Duration linger) {
        return start(name, anchor, checkpoint, linger, true);
    }

    private Instance start(String name, AuditAnchor anchor, Duration checkpoint, Duration linger, boolean acceptRegistered) {
        AuditSigner signer = AuditSigner.load(null, null, dataDirs.resolve(name));
        PgAuditLog log = PgAuditLog.start(new Database(pool()), signer, anchor, TrustedKeys.parse(""), acceptRegistered,
                checkpoint, linger, Clock.systemUTC());
        open.add(log);
        return new Instance(signer, log);
    }

    /** An instance whose log holds {@code entries} entries by actor thread-0, detail {n}. */
    Instance chainOf(int entries) {
        return chainOf(entries, PgAuditLog.DEFAULT_CHECKPOINT);
    }

    /** The same, written by an instance with that checkpoint interval; each entry is a batch of its own. */
    Instance chainOf(int entries, Duration checkpoint) {
        Instance instance = instance("main", checkpoint);
        for (int n = 0; n < entries; n++) {
            instance.log().append("step-done", "task-" + n, "thread-0", Map.of("n", n));
        }
        return instance;
    }

    /** A verifier that trusts the instances' keys and no key registered in the database. */
    AuditVerifier verifier(Instance... trusted) {
        return verifier(AuditAnchor.NONE, trusted);
    }

    /** The same, also checking that the log holds what {@code anchor} remembers. */
    AuditVerifier verifier(AuditAnchor anchor, Instance... trusted) {
        return new AuditVerifier(db, TrustedKeys.of(Arrays.stream(trusted).map(i -> i.signer().publicKeyBase64()).toList()),
                false, anchor);
    }

    void sql(String statement) {
        db.update(statement);
    }

    List<String> column(String query) {
        return db.query(query, rs -> rs.getString(1));
    }

    /** Each thread appends {@code perThread} entries to its log, all threads starting together. */
    static void appendConcurrently(int threads, int perThread, IntFunction<PgAuditLog> logs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int n = 0; n < perThread; n++) {
                    logs.apply(thread).append("step-done", "task-" + thread, "thread-" + thread, Map.of("n", n, "tool", "http.request"));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        TestDatabase.dropSchema(schema);
    }

    private HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestDatabase.url());
        pool.setSchema(schema);
        pool.setMaximumPoolSize(4);
        open.add(pool);
        return pool;
    }
}
