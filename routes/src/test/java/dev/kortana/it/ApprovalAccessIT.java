package dev.kortana.it;

import static dev.kortana.it.TestKeys.ACME;
import static dev.kortana.it.TestKeys.ACME_APPROVER;
import static dev.kortana.it.TestKeys.GLOBEX;
import static dev.kortana.it.TestKeys.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals and cancels with API keys: only an approver (or admin) of the task's tenant decides; another tenant sees
 * neither the request nor the task (404, like an unknown id); audit verification is for admins.
 */
class ApprovalAccessIT {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path etc;

    static final String schema = TestDatabase.newSchema();
    static RunningKortana kortana;

    @BeforeAll
    static void start() throws Exception {
        kortana = RunningKortana.start(dataDir, schema, Map.of("kortana.auth.keys-file", TestKeys.writeKeyFile(etc)));
    }

    @AfterAll
    static void stop() throws Exception {
        kortana.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void onlyAnApproverOfTheTasksTenantDecides() throws Exception {
        HttpResponse<String> accepted = kortana.as(ACME).postJson("{\"goal\":\"recall the release notes\","
                + "\"constraints\":{\"requireApproval\":true}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
        kortana.as(OPS).awaitStatus(id, "AWAITING_APPROVAL");
        String approve = "{\"decision\":\"approve\",\"comment\":\"fine\"}";

        assertThat(decide(kortana, id, approve).statusCode()).as("no key").isEqualTo(401);
        HttpResponse<String> otherTenant = decide(kortana.as(GLOBEX), id, approve);
        assertThat(otherTenant.statusCode()).isEqualTo(403); // a submitter may not decide at all
        assertThat(otherTenant.body()).doesNotContain("release notes").doesNotContain("acme");
        assertThat(decide(kortana.as(ACME), id, approve).statusCode()).as("acme's submitter").isEqualTo(403);
        assertThat(kortana.as(OPS).getJson("/api/approvals").path("count").asInt()).isEqualTo(1);
        assertThat(kortana.as(ACME_APPROVER).getJson("/api/approvals").path("approvals").get(0).path("taskId").asText())
                .isEqualTo(id);

        HttpResponse<String> decided = decide(kortana.as(ACME_APPROVER), id, approve);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(decided.body()).path("reviewer").asText()).isEqualTo("acme-review");
        assertThat(kortana.as(OPS).awaitTerminal(id).path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void anotherTenantsTaskIsNotFoundForApprovalsAndCancels() throws Exception {
        HttpResponse<String> accepted = kortana.as(GLOBEX).postJson("{\"goal\":\"recall globex plans\","
                + "\"constraints\":{\"requireApproval\":true}}");
        String id = Json.MAPPER.readTree(accepted.body()).path("taskId").asText();
        kortana.as(OPS).awaitStatus(id, "AWAITING_APPROVAL");

        HttpResponse<String> decide = decide(kortana.as(ACME_APPROVER), id, "{\"decision\":\"approve\"}");
        HttpResponse<String> cancel = kortana.as(ACME_APPROVER).post("/api/tasks/" + id + "/cancel", "application/json", "", Map.of());
        HttpResponse<String> unknown = decide(kortana.as(ACME_APPROVER), "no-such-task", "{\"decision\":\"approve\"}");

        assertThat(decide.statusCode()).isEqualTo(404);
        assertThat(cancel.statusCode()).isEqualTo(404);
        assertThat(decide.body()).doesNotContain("globex").isEqualTo(unknown.body().replace("no-such-task", id));
        JsonNode visible = kortana.as(ACME_APPROVER).getJson("/api/approvals");
        assertThat(visible.toString()).doesNotContain(id);
        assertThat(kortana.as(OPS).post("/api/tasks/" + id + "/cancel", "application/json", "", Map.of()).statusCode())
                .as("an admin sees every tenant").isEqualTo(202);
        assertThat(kortana.as(OPS).awaitTerminal(id).path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void auditVerificationIsForAdmins() throws Exception {
        assertThat(kortana.as(ACME_APPROVER).get("/api/audit/verify").statusCode()).isEqualTo(403);
        assertThat(kortana.get("/api/audit/verify").statusCode()).isEqualTo(401);
        JsonNode verified = kortana.as(OPS).getJson("/api/audit/verify");
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    private static HttpResponse<String> decide(RunningKortana caller, String id, String body) throws Exception {
        return caller.post("/api/approvals/" + id, "application/json", body, Map.of());
    }
}
