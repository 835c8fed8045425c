package dev.kortana.it;

import static dev.kortana.it.TestKeys.ACME;
import static dev.kortana.it.TestKeys.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive and restore over HTTP in a running Kor'tana: only an admin may; the taught memory leaves the table for the
 * archive and comes back with its id, both audited, and both runs are listed by GET /api/maintenance/runs; forgetting
 * reaches into the archive (by id and by task), so an archived memory cannot come back after it was forgotten.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MaintenanceApiIT {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path etc;

    static final String schema = TestDatabase.newSchema();
    static RunningKortana kortana;

    @BeforeAll
    static void start() throws Exception {
        kortana = RunningKortana.start(dataDir, schema, Map.of("kortana.auth.keys-file", TestKeys.writeKeyFile(etc)));
        String body = "{\"id\":\"teach-disk\",\"goal\":\"summarize this incident report\",\"inputs\":{\"text\":\""
                + "Broker 3 ran out of disk on 2 November.\"}}";
        assertThat(kortana.as(ACME).postJson(body).statusCode()).isEqualTo(202);
        assertThat(kortana.as(ACME).awaitTerminal("teach-disk").path("status").asText()).isEqualTo("COMPLETED");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kortana != null) {
            kortana.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    @Order(1)
    void anAdminArchivesAndRestoresAndTheRunsAreListedAndAudited() throws Exception {
        RunningKortana admin = kortana.as(OPS);
        // The task also left an episode, which is the planner's: archive leaves it.
        long before = TestStore.count(schema, "SELECT count(*) FROM memories WHERE kind <> 'episode'");
        String id = TestStore.rows(schema, "SELECT id FROM memories WHERE task_id = 'acme/teach-disk' AND kind = 'fact'").get(0);
        assertThat(kortana.as(ACME).post("/api/maintenance/archive", null, "", Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.post("/api/maintenance/archive?olderThan=soon", null, "", Map.of()).statusCode()).isEqualTo(400);

        HttpResponse<String> archived = admin.post("/api/maintenance/archive?olderThan=PT0S", null, "", Map.of());

        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(archived.body()).path("counts").path("archived").asLong()).isEqualTo(before);
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories WHERE kind <> 'episode'")).isZero();
        assertThat(kortana.as(ACME).getJson("/api/memories?q=broker+disk").path("count").asInt()).isZero();

        HttpResponse<String> restored = admin.post("/api/maintenance/restore?tenant=acme", null, "", Map.of());

        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(TestStore.rows(schema, "SELECT id FROM memories WHERE task_id = 'acme/teach-disk' AND kind = 'fact'")).containsExactly(id);
        assertThat(kortana.as(ACME).getJson("/api/memories?q=broker+disk").path("count").asInt()).isEqualTo(1);
        JsonNode runs = admin.getJson("/api/maintenance/runs");
        assertThat(runs.path("runs").findValuesAsText("job")).startsWith("memory-restore", "memory-archive");
        assertThat(kortana.as(ACME).get("/api/maintenance/runs").statusCode()).isEqualTo(403);
        assertThat(TestStore.rows(schema, "SELECT kind FROM audit_log WHERE kind LIKE 'memory-%' ORDER BY seq"))
                .containsExactly("memory-archived", "memory-restored");
    }

    @Test
    @Order(2)
    void forgettingAnArchivedMemoryByIdOrByTaskTakesItOutOfTheArchiveToo() throws Exception {
        RunningKortana admin = kortana.as(OPS);
        teach("teach-lag", "Consumers lagged for 40 minutes after the rebalance.");
        teach("teach-cert", "The gateway certificate expired on 14 September.");
        String lag = TestStore.rows(schema, "SELECT id FROM memories WHERE task_id = 'acme/teach-lag' AND kind = 'fact'").get(0);
        assertThat(admin.post("/api/maintenance/archive?olderThan=PT0S", null, "", Map.of()).statusCode()).isEqualTo(200);

        HttpResponse<String> byId = admin.send("DELETE", "/api/memories/" + lag);
        HttpResponse<String> byTask = admin.send("DELETE", "/api/memories?task=teach-cert&tenant=acme");

        assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(byId.body()).path("archived").asLong()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(byTask.body()).path("archived").asLong()).isEqualTo(1);
        assertThat(admin.send("DELETE", "/api/memories/" + lag).statusCode()).as("forgotten once").isEqualTo(404);
        assertThat(admin.post("/api/maintenance/restore?tenant=acme", null, "", Map.of()).statusCode()).isEqualTo(200);
        assertThat(TestStore.rows(schema, "SELECT task_id FROM memories WHERE kind = 'fact'"))
                .as("restore brings back neither").doesNotContain("teach-lag", "teach-cert");
    }

    private static void teach(String id, String text) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"goal\":\"summarize this incident report\",\"inputs\":{\"text\":\"" + text + "\"}}";
        assertThat(kortana.as(ACME).postJson(body).statusCode()).isEqualTo(202);
        assertThat(kortana.as(ACME).awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
    }
}
