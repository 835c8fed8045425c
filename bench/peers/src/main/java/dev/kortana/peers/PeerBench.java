package dev.kortana.peers;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The same 3-step durable work, done by a peer of Kor'tana, measured as bench/peers.sh measures Kor'tana: C callers in
 * a closed loop, each starting the next task when its last one ended; after a warm-up, N tasks are timed. A task is
 * three steps whose results are checkpointed, then an outcome.
 *
 * <ul>
 *   <li>{@code floor}: a bare JDBC program making the fewest durable writes such a task needs: the task, three step
 *       checkpoints, the outcome, each committed (5 commits).</li>
 *   <li>{@code dbos}: DBOS Transact for Java: a {@code @Workflow} of three {@code runStep}s, called through its proxy.</li>
 * </ul>
 *
 * <p>Prints one {@code PEER} line: tasks/s, p50/p99 in ms, write transactions per task (transaction ids PostgreSQL
 * handed out while the measured tasks ran, on the whole server: run it on a quiet one), and CPU per task of this
 * process and of all PostgreSQL processes, from /proc.
 */
public final class PeerBench {

    /** One task: three checkpointed steps and an outcome. */
    interface Work {
        String run(String input) throws Exception;
    }

    /** The DBOS peer's workflow. */
    public interface ThreeSteps {
        String run(String input);
    }

    /** Registered with DBOS, which calls it through a proxy that checkpoints the workflow and each step. */
    public static final class ThreeStepsImpl implements ThreeSteps {
        private DBOS dbos;

        @Override
        @Workflow(name = "threeSteps")
        public String run(String input) {
            String one = dbos.runStep(() -> step(input, 1), "one");
            String two = dbos.runStep(() -> step(one, 2), "two");
            return dbos.runStep(() -> step(two, 3), "three");
        }
    }

    /** --rate: tasks started per second on a fixed schedule, at most C at once (as the Kor'tana harness); 0: closed loop. */
    private static double rate;

    private PeerBench() {}

    public static void main(String[] args) throws Exception {
        String peer = null;
        String url = "jdbc:postgresql://127.0.0.1:5432/bench_peer?user=postgres";
        int tasks = 2000;
        int warmup = 200;
        int concurrency = 16;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--peer" -> peer = args[++i];
                case "--url" -> url = args[++i];
                case "--tasks" -> tasks = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: java -jar kortana-peers.jar --peer floor|dbos [--url JDBC] [--tasks N]"
                            + " [--warmup W] [--concurrency C] [--rate R]");
                    System.exit(2);
                }
            }
        }
        if (peer == null || !(peer.equals("floor") || peer.equals("dbos"))) {
            System.err.println("kortana-peers: --peer is floor or dbos");
            System.exit(2);
        }
        if (peer.equals("floor")) {
            runFloor(url, tasks, warmup, concurrency);
        } else {
            runDbos(url, tasks, warmup, concurrency);
        }
    }

    static String step(String input, int n) {
        return "step " + n + " of " + input;
    }

    private static void runFloor(String url, int tasks, int warmup, int concurrency) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS floor_tasks (id bigint PRIMARY KEY, input text NOT NULL, status text NOT NULL,"
                    + " output text, updated_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE IF NOT EXISTS floor_steps (task_id bigint NOT NULL, idx int NOT NULL, output text NOT NULL,"
                    + " PRIMARY KEY (task_id, idx))");
        }
        AtomicLong ids = new AtomicLong();
        List<Connection> connections = new ArrayList<>();
        ThreadLocal<Connection> mine = ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url);
                synchronized (connections) {
                    connections.add(c);
                }
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Work floor = input -> {
            Connection c = mine.get();
            long id = ids.incrementAndGet();
            try (PreparedStatement task = c.prepareStatement("INSERT INTO floor_tasks (id, input, status) VALUES (?, ?, 'RUNNING')");
                    PreparedStatement step = c.prepareStatement("INSERT INTO floor_steps (task_id, idx, output) VALUES (?, ?, ?)");
                    PreparedStatement done = c.prepareStatement("UPDATE floor_tasks SET status = 'COMPLETED', output = ?,"
                            + " updated_at = now() WHERE id = ?")) {
                task.setLong(1, id);
                task.setString(2, input);
                task.executeUpdate();
                String out = input;
                for (int n = 1; n <= 3; n++) {
                    out = step(out, n);
                    step.setLong(1, id);
                    step.setInt(2, n);
                    step.setString(3, out);
                    step.executeUpdate();
                }
                done.setString(1, out);
                done.setLong(2, id);
                done.executeUpdate();
                return out;
            }
        };
        try {
            measure("floor", url, floor, tasks, warmup, concurrency);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    private static void runDbos(String url, int tasks, int warmup, int concurrency) throws Exception {
        String user = param(url, "user", "postgres");
        String plain = url.replaceAll("\\?.*$", "");
        DBOSConfig config = DBOSConfig.defaults("kortana-peer").withDatabaseUrl(plain).withDbUser(user)
                .withDbPassword(param(url, "password", "")).withAdminServer(false);
        try (DBOS dbos = new DBOS(config)) {
            ThreeStepsImpl impl = new ThreeStepsImpl();
            impl.dbos = dbos;
            ThreeSteps proxy = dbos.registerProxy(ThreeSteps.class, impl);
            dbos.launch();
            measure("dbos", url, proxy::run, tasks, warmup, concurrency);
        }
    }

    private static String param(String url, String name, String fallback) {
        int q = url.indexOf('?');
        if (q < 0) {
            return fallback;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    private static void measure(String name, String url, Work work, int tasks, int warmup, int concurrency) throws Exception {
        closedLoop(work, warmup, concurrency, new Histogram(3_600_000_000L, 3), "warm");
        long xidBefore = xid(url);
        long pgBefore = postgresTicks();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        Histogram latency = new Histogram(3_600_000_000L, 3);
        closedLoop(work, tasks, concurrency, latency, "task");
        double seconds = (System.nanoTime() - started) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;
        long pgTicks = postgresTicks() - pgBefore;
        long xids = xid(url) - xidBefore;
        double tick = 1000.0 / 100; // USER_HZ is 100 on Linux
        System.out.printf(Locale.ROOT, "PEER %s | tasks %d | concurrency %d%s | %.1f tasks/s | p50 %.2f ms | p99 %.2f ms"
                        + " | %.2f write tx/task | app %.2f cpu-ms/task | postgres %.2f cpu-ms/task | load %s%n",
                name, tasks, concurrency, rate > 0 ? String.format(Locale.ROOT, " | rate %.0f/s", rate) : "", tasks / seconds, latency.getValueAtPercentile(50) / 1e6,
                latency.getValueAtPercentile(99) / 1e6, (double) xids / tasks, cpu / 1e6 / tasks,
                pgTicks * tick / tasks, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void closedLoop(Work work, int tasks, int concurrency, Histogram latency, String prefix) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Histogram>> done = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                done.add(callers.submit(() -> {
                    Histogram mine = new Histogram(3_600_000_000L, 3);
                    for (int n = next.getAndIncrement(); n < tasks; n = next.getAndIncrement()) {
                        if (rate > 0) {
                            // Task n starts n / rate seconds after the phase began (or at once, when late).
                            TimeUnit.NANOSECONDS.sleep(start + (long) (n * 1e9 / rate) - System.nanoTime());
                        }
                        long t0 = System.nanoTime();
                        work.run(prefix + "-" + n);
                        mine.recordValue(System.nanoTime() - t0);
                    }
                    return mine;
                }));
            }
            for (Future<Histogram> f : done) {
                latency.add(f.get());
            }
        } finally {
            callers.shutdown();
        }
    }

    /** The next transaction id PostgreSQL will hand out: the difference counts transactions that wrote. */
    private static long xid(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * utime + stime of every process named postgres, and of the backends that have ended (cutime + cstime of the
     * postmaster, their parent), in clock ticks: all the CPU PostgreSQL has used, whichever connection used it.
     */
    static long postgresTicks() throws Exception {
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(open + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    // utime, stime, cutime, cstime
                    total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                            + Long.parseLong(fields[14]);
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return total;
    }
}
