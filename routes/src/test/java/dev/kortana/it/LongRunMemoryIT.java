package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory that does not degrade in a long run: after teaching a few topics, 2,000 recall tasks ("summarize what memory
 * knows about X") leave memory holding what was taught, no answer quotes an earlier answer, the last outcome is as large
 * as the first, and a search still puts the taught facts first. (How fast the run is at its end against its start is a
 * benchmark's question: bench/memory-longrun.sh.)
 */
class LongRunMemoryIT {

    static final int RECALLS = 2000;
    static final Map<String, String> TAUGHT = Map.of(
            "kafka outages", "Kafka outage on 2 November: broker 3 ran out of disk and the cluster lost a partition leader."
                    + " Consumers lagged for 40 minutes.",
            "database failovers", "The PostgreSQL failover on 9 October took 42 seconds because the replica was 3 GB behind."
                    + " We now alert on replication lag above 500 MB.",
            "certificate expiry", "The API gateway certificate expired on 14 September and clients saw TLS errors for"
                    + " 25 minutes. Renewal is now automated 30 days before expiry.",
            "deploy rollbacks", "The 21 August deploy was rolled back after checkout latency doubled; the cause was a"
                    + " missing index on orders.created_at.");

    @TempDir
    static Path dataDir;

    static final String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningKortana.start(dataDir, schema, Map.of());
        int n = 0;
        for (String text : TAUGHT.values()) {
            String id = "teach-" + ++n;
            assertThat(app.postJson("{\"id\":\"" + id + "\",\"goal\":\"summarize this incident report\",\"inputs\":{\"text\":\""
                    + text + "\"}}").statusCode()).isEqualTo(202);
            assertThat(app.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void twoThousandRecallsLeaveMemoryAndAnswersAsTheyWere() throws Exception {
        long facts = TestStore.count(schema, "SELECT count(*) FROM memories WHERE kind = 'fact'");
        assertThat(facts).as("one fact per teaching task").isEqualTo(TAUGHT.size());
        List<String> topics = new ArrayList<>(TAUGHT.keySet());

        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 1; i <= RECALLS; i++) {
                String body = "{\"id\":\"recall-" + i + "\",\"goal\":\"summarize what memory knows about "
                        + topics.get(i % topics.size()) + "\"}";
                sent.add(callers.submit(() -> app.postJson(body).statusCode()));
            }
            for (Future<Integer> status : sent) {
                assertThat(status.get()).isEqualTo(202);
            }
        } finally {
            callers.shutdown();
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> TestStore.count(schema,
                "SELECT count(*) FROM tasks WHERE id LIKE 'recall-%' AND status IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')") == RECALLS);

        assertThat(TestStore.count(schema, "SELECT count(*) FROM tasks WHERE id LIKE 'recall-%' AND status <> 'COMPLETED'")).isZero();
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories WHERE kind = 'fact'"))
                .as("recalls teach nothing: memory holds what was taught").isEqualTo(facts);
        assertThat(TestStore.count(schema, "SELECT max(length(content)) FROM memories")).isLessThan(4100);
        for (int topic = 0; topic < topics.size(); topic++) {
            String first = result("recall-" + (topic == 0 ? topics.size() : topic));
            String last = result("recall-" + (RECALLS - topics.size() + (topic == 0 ? topics.size() : topic)));
            assertThat(last.length()).as("the last answer about %s is as large as the first", topics.get(topic))
                    .isBetween(first.length() * 8 / 10, first.length() * 12 / 10);
            assertThat(last).as("and still answers from what was taught").contains(TAUGHT.get(topics.get(topic)).substring(0, 30));
            assertThat(last).as("no answer quotes an answer").doesNotContain("Goal:").doesNotContain("Result:");
        }
        assertThat(TestStore.count(schema, "SELECT max(pg_column_size(outcome)) FROM tasks WHERE id LIKE 'recall-%'"))
                .as("outcomes stay small").isLessThan(8_000);
        for (Map.Entry<String, String> taught : TAUGHT.entrySet()) {
            JsonNode hits = app.getJson("/api/memories?limit=1&q=" + URLEncoder.encode(taught.getKey(), StandardCharsets.UTF_8));
            assertThat(hits.path("hits").get(0).path("content").asText()).as("search for %s", taught.getKey())
                    .isEqualTo(taught.getValue());
        }
    }

    private static String result(String taskId) throws Exception {
        return Json.MAPPER.readTree(app.get("/api/tasks/" + taskId).body()).path("outcome").path("result").asText();
    }
}
