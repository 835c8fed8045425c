package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard against a task costing more database work than it did (issue 17): a deterministic count, not a timing.
 * Kor'tana runs against a PostgreSQL of the test's own with pg_stat_statements, every timer slowed to once an hour so
 * that only tasks touch the database; 40 file tasks (no API reads to wait on them: the outbox files say they are done)
 * are counted as transactions that wrote (durable commits: the transaction ids PostgreSQL handed out) and statements
 * sent ({@code pg_stat_statements}, BEGIN included), and each per-task figure must stay within its budget.
 * Lower a budget when a change earns it; raising one needs a reason in the commit.
 */
class DurableWritesBudgetIT {

    private static final int TASKS = 40;
    /**
     * Transactions that wrote, per plain task: 11.0 measured on 2026-12-07 (docs/BENCHMARKS.md, "Database work per
     * task"), with room for tasks sharing fewer batches. Issue 17's target is 8.
     */
    private static final double MAX_COMMITS_PER_TASK = 12.5;
    /** Statements sent per plain task, BEGIN included: 70.9 measured on 2026-12-07. */
    private static final double MAX_STATEMENTS_PER_TASK = 74;

    @TempDir
    Path dir;

    @Test
    void aPlainTaskStaysWithinItsBudgetOfCommitsAndStatements() throws Exception {
        try (OwnedPostgres postgres = new OwnedPostgres(dir.resolve("pg"), Map.of(
                "shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "top",
                "pg_stat_statements.track_utility", "on", "autovacuum", "off"))) {
            try (Connection c = DriverManager.getConnection(postgres.url()); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            Map<String, String> quiet = new HashMap<>();
            quiet.put("kortana.db.url", postgres.url());
            // Every timer once an hour: in the measured minute only the tasks use the database.
            for (String key : new String[] {"kortana.lease.heartbeat-ms", "kortana.lease.sweep-ms", "kortana.heartbeat.interval-ms",
                    "kortana.metrics.counts-ms", "kortana.tools.health-check-ms", "kortana.policy.reload-ms", "kortana.prompts.refresh-ms",
                    "kortana.prompts.rules-ms", "kortana.tools.refresh-ms", "kortana.approvals.timeout-check-ms", "kortana.models.reaper-ms",
                    "kortana.memory.index-repair-ms"}) {
                quiet.put(key, "3600000");
            }
            quiet.put("kortana.lease.duration-ms", "7200000");
            // Batches that wait for a time would count differently on a slower machine: here the audit log writes when
            // an entry is awaited and telemetry when a task ends; what still varies is how many tasks share a batch.
            quiet.put("kortana.audit.linger-ms", "3600000");
            quiet.put("kortana.store.write-behind-ms", "3600000");
            try (RunningKortana app = RunningKortana.start(dir.resolve("data"), "kortana", quiet)) {
                Path inbox = dir.resolve("data/inbox");
                Path outbox = dir.resolve("data/outbox");
                submit(inbox, "warm", 5);
                await().atMost(Duration.ofSeconds(60)).until(() -> outcomes(outbox) >= 5);
                // The outcome file is written before the task is finished: wait for the finish (and its commits) too.
                await().atMost(Duration.ofSeconds(60)).until(() -> completed(postgres) >= 5);

                reset(postgres);
                long[] before = counts(postgres);
                submit(inbox, "budget", TASKS);
                await().atMost(Duration.ofSeconds(120)).until(() -> outcomes(outbox) >= 5 + TASKS);
                await().atMost(Duration.ofSeconds(60)).until(() -> completed(postgres) >= 5 + TASKS);
                long[] after = counts(postgres);

                double commits = (double) (after[0] - before[0]) / TASKS;
                double statements = (double) (after[1] - before[1]) / TASKS;
                System.out.printf("BUDGET | per plain task: %.1f transactions that wrote, %.1f statements%n", commits, statements);
                printStatements(postgres); // where they go, for whoever lowers the budget next
                assertThat(commits).as("transactions that wrote, per task (budget %s)", MAX_COMMITS_PER_TASK)
                        .isLessThanOrEqualTo(MAX_COMMITS_PER_TASK);
                assertThat(statements).as("statements per task (budget %s)", MAX_STATEMENTS_PER_TASK)
                        .isLessThanOrEqualTo(MAX_STATEMENTS_PER_TASK);
            }
        }
    }

    private static void submit(Path inbox, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Path tmp = inbox.getParent().resolve(prefix + "-" + i + ".tmp");
            Files.writeString(tmp, "{\"id\":\"" + prefix + "-" + i + "\",\"goal\":\"summarize the budget note " + i + "\"}");
            Files.move(tmp, inbox.resolve(prefix + "-" + i + ".json"));
        }
    }

    private static long outcomes(Path outbox) throws Exception {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    private static long completed(OwnedPostgres postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM kortana.tasks WHERE status = 'COMPLETED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void reset(OwnedPostgres postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.url()); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The statements of the measured tasks, most frequent first, as calls per task. */
    private static void printStatements(OwnedPostgres postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 150)"
                        + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pg_current_snapshot%'"
                        + " ORDER BY calls DESC, query LIMIT 40")) {
            while (rs.next()) {
                System.out.printf("BUDGET | %6.2f  %s%n", rs.getDouble(1) / TASKS, rs.getString(2));
            }
        }
    }

    /**
     * Transactions that wrote (each is given a transaction id: the snapshot's xmax moves by one; read-only ones get
     * none), and the statements the clients sent, BEGIN included (pg_stat_statements, current as each statement ends).
     * Statements inside functions and triggers are not counted; nothing else writes here (autovacuum is off).
     */
    private static long[] counts(OwnedPostgres postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.url()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,"
                        + " (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%pg_current_snapshot%')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
