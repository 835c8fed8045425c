package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.fuzz.FuzzTally;
import dev.kortana.fuzz.FuzzTally.Verdict;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz suite (docs/RELIABILITY.md): hostile tasks interleaved with good ones over HTTP, the inbox and Kafka at once,
 * against one Kor'tana with the offline model, the real PostgreSQL and an in-JVM broker. Every answer is classified;
 * the run must end with no server error, no junk accepted, every good task COMPLETED exactly as sent, and the service
 * ready. {@code -Dkortana.fuzz.seed} and {@code -Dkortana.fuzz.cases} (over the three channels) reproduce or lengthen it.
 */
class FuzzIT {

    /** Bodies each channel can carry at all: HTTP a little past camel.server.maxBodySize, Kafka under the broker's 1 MB. */
    private static final int HTTP_MAX_BODY = 1_300_000;
    private static final int FILE_MAX_BODY = 1_300_000;
    private static final int KAFKA_MAX_BODY = 900_000;

    @TempDir
    static Path dir;

    static String schema = TestDatabase.newSchema();
    static KafkaBroker broker;
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        // The shipped pool size: the run is a load as well, and the tests' default of 4 is not what an operator runs.
        app = RunningKortana.start(dir.resolve("data"), schema, Map.of("kortana.kafka.brokers", broker.bootstrap(),
                "kortana.db.pool-size", "10"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void hostileTasksOnEveryChannelAreRefusedClearlyAndGoodOnesCompleteExactlyAsSent() throws Exception {
        long seed = Long.getLong("kortana.fuzz.seed", System.nanoTime() & 0xffffffffL);
        int cases = Integer.getInteger("kortana.fuzz.cases", 10_500);
        int perChannel = cases / 3;
        System.out.println("FuzzIT: -Dkortana.fuzz.seed=" + seed + " -Dkortana.fuzz.cases=" + cases);
        FuzzTally tally = new FuzzTally();
        Queue<FuzzReadback.Accepted> accepted = new ConcurrentLinkedQueue<>();
        FuzzReadback readback = new FuzzReadback(app.port(), tally);
        long started = System.nanoTime();

        ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
        probe.scheduleWithFixedDelay(() -> probeReady(tally), 1, 1, TimeUnit.SECONDS);
        ExecutorService channels = Executors.newFixedThreadPool(3);
        try {
            Future<?> http = channels.submit(() -> {
                new FuzzHttp(app.port(), tally, accepted).run(seed, perChannel, HTTP_MAX_BODY);
                return null;
            });
            Future<?> files = channels.submit(() -> {
                new FuzzFiles(dir.resolve("data/inbox"), tally, accepted).run(seed + 1, perChannel, FILE_MAX_BODY);
                return null;
            });
            Future<?> kafka = channels.submit(() -> {
                new FuzzKafka(broker.bootstrap(), readback, tally, accepted).run(seed + 2, perChannel, KAFKA_MAX_BODY);
                return null;
            });
            http.get();
            files.get();
            kafka.get();
            long sent = System.nanoTime();
            readback.judge(accepted, Duration.ofMinutes(5));
            System.out.printf("FuzzIT: seed %d, %d cases sent in %d s, judged after %d s, %d accepted, %d dead letters repeated%n%s",
                    seed, perChannel * 3, TimeUnit.NANOSECONDS.toSeconds(sent - started),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), accepted.size(), tally.repeats(), tally.summary());
        } finally {
            channels.shutdownNow();
            probe.shutdown(); // lets a probe in flight finish, so stopping is never counted as not ready
            probe.awaitTermination(30, TimeUnit.SECONDS);
        }

        String failures = "seed " + seed + "\n" + tally.failures();
        assertThat(tally.count(FuzzHttp.CHANNEL) + tally.count(FuzzFiles.CHANNEL) + tally.count(FuzzKafka.CHANNEL))
                .as(failures).isEqualTo(perChannel * 3L);
        assertThat(tally.count(Verdict.SERVER_ERROR)).as(failures).isZero();
        assertThat(tally.count(Verdict.JUNK_ACCEPTED)).as(failures).isZero();
        assertThat(tally.count(Verdict.GOOD_LOST)).as(failures).isZero();
        assertThat(tally.count(Verdict.CHANGED)).as(failures).isZero();
        assertThat(tally.count(Verdict.UNCLEAR_PROBLEM)).as(failures).isZero();
        assertThat(tally.notReady()).as(failures).isZero();
        assertThat(storedTasks()).as("nothing is stored but the tasks accepted").isEqualTo(accepted.size());
        assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
    }

    private static void probeReady(FuzzTally tally) {
        try {
            HttpResponse<String> ready = app.get("/observe/health/ready");
            if (ready.statusCode() != 200) {
                tally.noteNotReady(ready.statusCode() + " " + ready.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the run is over and the probe stopped mid-request: not an answer
        } catch (Exception e) {
            tally.noteNotReady(e.toString());
        }
    }

    private static long storedTasks() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url()); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM " + schema + ".tasks")) {
            r.next();
            return r.getLong(1);
        }
    }
}
