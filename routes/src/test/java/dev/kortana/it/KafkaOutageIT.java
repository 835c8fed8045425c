package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away under a running Kor'tana: readiness says so, and the log does not flood. */
class KafkaOutageIT {

    private static final Pattern UNREACHABLE = Pattern.compile("\\[(?:Consumer|Producer) clientId=([^,\\]]+).*could not be established");

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    KafkaBroker broker;
    RunningKortana app;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aStoppedBrokerTurnsReadinessDownAndEachClientWarnsOncePerBackoffNotSeveralTimesASecond() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        app = RunningKortana.start(dir.resolve("data"), schema, Map.of("kortana.kafka.brokers", broker.bootstrap()));

        try (CapturedLogs logs = new CapturedLogs()) {
            broker.close();
            broker = null;

            await().atMost(Duration.ofSeconds(30)).until(() -> app.get("/observe/health/ready").statusCode() == 503);
            assertThat(app.get("/observe/health/ready").body()).contains("consumer:ingest-kafka");
            // Kafka's default backoff (1 s at most) makes each client warn about 20 times in 20 s; ours doubles to 10 s.
            // Counted from the first warning on, however long readiness took to turn DOWN.
            await().atMost(Duration.ofSeconds(30)).until(() -> mostWarningsOfOneClient(logs.lines()) > 0);
            int from = firstWarning(logs.lines());
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25))
                    .until(() -> mostWarningsOfOneClient(logs.lines().subList(from, logs.lines().size())) <= 12);
            assertThat(mostWarningsOfOneClient(logs.lines())).isPositive();
        }
    }

    private static int firstWarning(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (UNREACHABLE.matcher(lines.get(i)).find()) {
                return i;
            }
        }
        return lines.size();
    }

    private static long mostWarningsOfOneClient(List<String> lines) {
        return lines.stream().map(UNREACHABLE::matcher).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
