package dev.kortana.it;

import static dev.kortana.it.TestKeys.ACME;
import static dev.kortana.it.TestKeys.ACME_APPROVER;
import static dev.kortana.it.TestKeys.GLOBEX;
import static dev.kortana.it.TestKeys.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.memory.VectorIndex;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The memory API end to end with keys: acme's taught incident is found by search and read by id; globex finds none of
 * it and gets 404 for it, exactly as for an unknown id; only an admin forgets it, from the table and the vector index,
 * with a {@code memory-forgotten} audit entry that names the memory but not what it said.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemoryApiIT {

    private static final String LESSON = "Broker 3 ran out of disk on the night of 2 November; consumers lagged for 40 minutes.";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path etc;

    static final String schema = TestDatabase.newSchema();
    static RunningKortana kortana;
    static RunningKortana acme;
    static RunningKortana globex;
    static RunningKortana admin;
    static long memoryId;

    @BeforeAll
    static void start() throws Exception {
        kortana = RunningKortana.start(dataDir, schema, Map.of("kortana.auth.keys-file", TestKeys.writeKeyFile(etc)));
        acme = kortana.as(ACME);
        globex = kortana.as(GLOBEX);
        admin = kortana.as(OPS);
        String body = "{\"id\":\"teach-kafka\",\"goal\":\"summarize this incident report\",\"inputs\":{\"text\":\"" + LESSON + "\"}}";
        assertThat(acme.postJson(body).statusCode()).isEqualTo(202);
        assertThat(acme.awaitTerminal("teach-kafka").path("status").asText()).isEqualTo("COMPLETED");
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
    void aTenantFindsWhatItTaughtAndReadsItById() throws Exception {
        JsonNode found = search(acme, "kafka broker disk", 200);

        assertThat(found.path("query").asText()).isEqualTo("kafka broker disk");
        assertThat(found.path("count").asInt()).isEqualTo(1);
        JsonNode hit = found.path("hits").get(0);
        assertThat(hit.path("taskId").asText()).isEqualTo("teach-kafka");
        assertThat(hit.path("kind").asText()).isEqualTo("fact");
        assertThat(hit.path("content").asText()).contains("Broker 3 ran out of disk");
        assertThat(hit.path("rank").asDouble()).isPositive();
        assertThat(hit.path("createdAt").asText()).isNotBlank();
        memoryId = hit.path("id").asLong();

        HttpResponse<String> one = acme.get("/api/memories/" + memoryId);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        JsonNode memory = Json.MAPPER.readTree(one.body());
        assertThat(memory.path("id").asLong()).isEqualTo(memoryId);
        assertThat(memory.path("tenant").asText()).isEqualTo("acme");
        assertThat(memory.path("content").asText()).contains("Broker 3 ran out of disk");
    }

    @Test
    @Order(2)
    void aSearchWithoutQOrWithALimitOutOfRangeIsA400NamingTheField() throws Exception {
        HttpResponse<String> noQuery = acme.get("/api/memories");
        HttpResponse<String> badLimit = acme.get("/api/memories?q=kafka&limit=51");

        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(noQuery.body()).path("errors").get(0).path("field").asText()).isEqualTo("q");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(badLimit.body()).path("errors").get(0).path("field").asText()).isEqualTo("limit");
    }

    @Test
    @Order(3)
    void anotherTenantFindsNothingAndGets404ExactlyAsForAnUnknownId() throws Exception {
        assertThat(search(globex, "kafka broker disk", 200).path("count").asInt()).isZero();
        assertThat(search(globex, LESSON, 200).path("count").asInt()).isZero();
        HttpResponse<String> asAcme = globex.get("/api/memories?q=kafka&tenant=acme");
        assertThat(asAcme.statusCode()).as("a tenant= the key cannot search is refused, not ignored").isEqualTo(400);
        assertThat(Json.MAPPER.readTree(asAcme.body()).path("errors").get(0).path("field").asText()).isEqualTo("tenant");

        HttpResponse<String> others = globex.get("/api/memories/" + memoryId);
        HttpResponse<String> unknown = globex.get("/api/memories/999999");
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(others.body().replace(Long.toString(memoryId), "ID"))
                .isEqualTo(unknown.body().replace("999999", "ID"));
        assertThat(globex.send("DELETE", "/api/memories/" + memoryId).statusCode()).as("globex may not forget").isEqualTo(403);
        assertThat(acme.send("DELETE", "/api/memories/" + memoryId).statusCode()).as("forgetting is for admins").isEqualTo(403);
    }

    @Test
    @Order(4)
    void anAdminForgetsItFromTheTableAndTheIndexAndTheAuditLogSaysSo() throws Exception {
        HttpResponse<String> forgotten = admin.send("DELETE", "/api/memories/" + memoryId);

        assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(forgotten.body()).path("forgotten").asBoolean()).isTrue();
        assertThat(search(acme, "kafka broker disk", 200).path("count").asInt()).as("by words").isZero();
        assertThat(search(acme, LESSON, 200).path("count").asInt()).as("by words or meaning").isZero();
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories WHERE id = " + memoryId)).isZero();
        VectorIndex index = kortana.camel().getRegistry().lookupByNameAndType("memoryIndex", VectorIndex.class);
        assertThat(index.contains(memoryId)).as("by meaning").isFalse();
        assertThat(acme.get("/api/memories/" + memoryId).statusCode()).isEqualTo(404);
        assertThat(admin.send("DELETE", "/api/memories/" + memoryId).statusCode()).as("forgotten once").isEqualTo(404);

        assertThat(TestStore.rows(schema, "SELECT concat_ws(' ', task_id, actor, body::jsonb->'detail'->>'memory',"
                + " body::jsonb->'detail'->>'taskId', body::jsonb->'detail'->>'tenant') FROM audit_log WHERE kind = 'memory-forgotten'"))
                .containsExactly("acme/teach-kafka ops " + memoryId + " acme/teach-kafka acme");
        assertThat(TestStore.rows(schema, "SELECT body FROM audit_log WHERE kind = 'memory-forgotten'"))
                .singleElement().asString().doesNotContain("Broker 3");
    }

    @Test
    @Order(5)
    void anApproverJudgesAMemoryAndACorrectionSupersedesIt() throws Exception {
        teach("teach-rota", "The on-call rota for the payments service is owned by the platform team.");
        long wrong = search(acme, "who owns the on-call rota", 200).path("hits").get(0).path("id").asLong();
        String feedback = "{\"helpful\": false, \"correction\": \"The on-call rota for the payments service is owned by the SRE team.\"}";

        assertThat(acme.post("/api/memories/" + wrong + "/feedback", "application/json", feedback, Map.of()).statusCode())
                .as("a submitter does not judge memory").isEqualTo(403);
        HttpResponse<String> bad = approver().post("/api/memories/" + wrong + "/feedback", "application/json", "{\"helpful\":\"no\"}", Map.of());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(bad.body()).path("errors").get(0).path("field").asText()).isEqualTo("helpful");
        HttpResponse<String> judged = approver().post("/api/memories/" + wrong + "/feedback", "application/json", feedback, Map.of());
        assertThat(judged.statusCode()).as(judged.body()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(judged.body());
        assertThat(answer.path("quality").asDouble()).isEqualTo(0.2);
        long correction = answer.path("correctedBy").asLong();

        assertThat(search(acme, "who owns the on-call rota", 200).path("hits")).extracting(h -> h.path("id").asLong())
                .containsExactly(correction);
        JsonNode old = acme.getJson("/api/memories/" + wrong);
        assertThat(old.path("live").asBoolean()).isFalse();
        assertThat(old.path("provenance").path("supersededBy").asLong()).isEqualTo(correction);
        assertThat(old.path("provenance").path("sourceTasks")).extracting(JsonNode::asText).containsExactly("teach-rota");
        JsonNode fixed = acme.getJson("/api/memories/" + correction);
        assertThat(fixed.path("quality").asDouble()).isEqualTo(0.8);
        assertThat(fixed.path("provenance").path("supersedes")).extracting(JsonNode::asLong).containsExactly(wrong);
        assertThat(fixed.path("provenance").path("detail").path("correctionBy").asText()).isEqualTo("acme-review");
        assertThat(TestStore.rows(schema, "SELECT body FROM audit_log WHERE kind = 'memory-feedback'"))
                .singleElement().asString().contains("\"helpful\":false").doesNotContain("platform team").doesNotContain("SRE team");
    }

    @Test
    @Order(6)
    void anAdminForgetsWhatATaskTaughtButNotAPersonsCorrectionOfIt() throws Exception {
        assertThat(acme.send("DELETE", "/api/memories?task=teach-rota").statusCode()).isEqualTo(403);
        HttpResponse<String> noTarget = admin.send("DELETE", "/api/memories");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(noTarget.body()).path("errors").get(0).path("fix").asText()).contains("task=").contains("tenant=");

        HttpResponse<String> forgotten = admin.send("DELETE", "/api/memories?task=teach-rota&tenant=acme");

        assertThat(forgotten.statusCode()).as(forgotten.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(forgotten.body()).path("memories").asInt()).as("its fact and its episode").isEqualTo(2);
        assertThat(TestStore.count(schema, "SELECT count(*) FROM memories WHERE task_id = 'acme/teach-rota'"
                + " OR 'acme/teach-rota' = ANY(source_tasks)")).isZero();
        assertThat(TestStore.rows(schema, "SELECT content FROM memories WHERE tenant = 'acme' AND kind = 'fact'"))
                .containsExactly("The on-call rota for the payments service is owned by the SRE team.");
        assertThat(TestStore.rows(schema, "SELECT concat_ws(' ', body::jsonb->'detail'->>'taskId', body::jsonb->'detail'->>'memories')"
                + " FROM audit_log WHERE kind = 'memory-forgotten' AND task_id = 'acme/teach-rota'")).containsExactly("teach-rota 2");
    }

    private static RunningKortana approver() {
        return kortana.as(ACME_APPROVER);
    }

    private static void teach(String id, String text) throws Exception {
        String body = "{\"id\":\"" + id + "\",\"goal\":\"summarize this note\",\"inputs\":{\"text\":\"" + text + "\"}}";
        assertThat(acme.postJson(body).statusCode()).isEqualTo(202);
        assertThat(acme.awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
    }

    private static JsonNode search(RunningKortana as, String query, int status) throws Exception {
        HttpResponse<String> response = as.get("/api/memories?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }
}
