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
 * Task ids are per tenant: two tenants may use one id, each sees only its own task, resubmission is idempotent within a
 * tenant, and another tenant's id answers exactly as a free one, on every endpoint.
 */
class TenantIdsIT {

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
    void twoTenantsUseOneIdEachForItsOwnTaskAndResubmitIdempotently() throws Exception {
        String acmeTask = "{\"id\":\"shared-1\",\"goal\":\"recall the acme launch date\"}";
        String globexTask = "{\"id\":\"shared-1\",\"goal\":\"recall the globex merger\"}";

        HttpResponse<String> acme = kortana.as(ACME).postJson(acmeTask);
        HttpResponse<String> globex = kortana.as(GLOBEX).postJson(globexTask);

        assertThat(acme.statusCode()).as(acme.body()).isEqualTo(202);
        assertThat(globex.statusCode()).as("globex's own new task, not a conflict: " + globex.body()).isEqualTo(202);
        assertThat(globex.body()).as("the answer for a free id").isEqualTo(acme.body());
        assertThat(globex.headers().firstValue("Location")).isEqualTo(acme.headers().firstValue("Location"));

        JsonNode acmeView = kortana.as(ACME).awaitTerminal("shared-1");
        JsonNode globexView = kortana.as(GLOBEX).awaitTerminal("shared-1");
        assertThat(acmeView.path("task").path("goal").asText()).isEqualTo("recall the acme launch date");
        assertThat(acmeView.path("tenant").asText()).isEqualTo("acme");
        assertThat(globexView.path("task").path("goal").asText()).isEqualTo("recall the globex merger");
        assertThat(globexView.path("taskId").asText()).isEqualTo("shared-1");
        assertThat(globexView.path("outcome").path("taskId").asText()).isEqualTo("shared-1");
        assertThat(globexView.toString()).doesNotContain("acme");
        assertThat(kortana.as(GLOBEX).getJson("/api/tasks/shared-1/events").toString()).doesNotContain("acme");

        HttpResponse<String> acmeAgain = kortana.as(ACME).postJson(acmeTask);
        HttpResponse<String> globexAgain = kortana.as(GLOBEX).postJson(globexTask);
        assertThat(acmeAgain.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(acmeAgain.body()).path("existing").asBoolean()).isTrue();
        assertThat(globexAgain.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(globexAgain.body()).path("existing").asBoolean()).isTrue();

        HttpResponse<String> otherBody = kortana.as(ACME).postJson("{\"id\":\"shared-1\",\"goal\":\"something else\"}");
        assertThat(otherBody.statusCode()).as("a different body within one tenant").isEqualTo(409);
        assertThat(otherBody.body()).doesNotContain("globex");

        HttpResponse<String> ambiguous = kortana.as(OPS).get("/api/tasks/shared-1");
        assertThat(ambiguous.statusCode()).as("an admin of every tenant names one").isEqualTo(400);
        assertThat(ambiguous.body()).contains("acme", "globex", "?tenant=");
        assertThat(kortana.as(OPS).getJson("/api/tasks/shared-1?tenant=globex").path("task").path("goal").asText())
                .isEqualTo("recall the globex merger");
    }

    @Test
    void anotherTenantsIdAnswersExactlyAsAFreeIdOnEveryEndpoint() throws Exception {
        HttpResponse<String> parked = kortana.as(GLOBEX).postJson("{\"id\":\"globex-only-1\",\"goal\":\"recall globex plans\","
                + "\"constraints\":{\"requireApproval\":true}}");
        assertThat(parked.statusCode()).as(parked.body()).isEqualTo(202);
        kortana.as(GLOBEX).awaitStatus("globex-only-1", "AWAITING_APPROVAL");
        RunningKortana acme = kortana.as(ACME_APPROVER);

        for (String path : new String[] {"/api/tasks/%s", "/api/tasks/%s/events", "/api/tasks/%s?tenant=globex"}) {
            assertSameAnswer(acme.get(path.formatted("globex-only-1")), acme.get(path.formatted("free-1")), path);
        }
        assertSameAnswer(acme.post("/api/tasks/globex-only-1/cancel", "application/json", "", Map.of()),
                acme.post("/api/tasks/free-1/cancel", "application/json", "", Map.of()), "cancel");
        String approve = "{\"decision\":\"approve\"}";
        assertSameAnswer(acme.post("/api/approvals/globex-only-1", "application/json", approve, Map.of()),
                acme.post("/api/approvals/free-1", "application/json", approve, Map.of()), "approve");
        assertThat(acme.getJson("/api/tasks").toString()).doesNotContain("globex-only-1");

        HttpResponse<String> mine = kortana.as(ACME).postJson("{\"id\":\"globex-only-1\",\"goal\":\"recall acme plans\","
                + "\"constraints\":{\"requireApproval\":true}}");
        HttpResponse<String> free = kortana.as(ACME).postJson("{\"id\":\"free-2\",\"goal\":\"recall acme plans\","
                + "\"constraints\":{\"requireApproval\":true}}");
        assertThat(mine.statusCode()).isEqualTo(202);
        assertThat(mine.body()).isEqualTo(free.body().replace("free-2", "globex-only-1"));
        acme.awaitStatus("globex-only-1", "AWAITING_APPROVAL");
        HttpResponse<String> cancelled = acme.post("/api/tasks/globex-only-1/cancel", "application/json", "", Map.of());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
        assertThat(acme.awaitTerminal("globex-only-1").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(kortana.as(GLOBEX).getJson("/api/tasks/globex-only-1").path("status").asText())
                .as("acme's cancel touches only acme's task").isEqualTo("AWAITING_APPROVAL");

        HttpResponse<String> adminCancel = kortana.as(OPS).post("/api/tasks/globex-only-1/cancel?tenant=globex", "application/json", "", Map.of());
        assertThat(adminCancel.statusCode()).as(adminCancel.body()).isEqualTo(202);
        assertThat(kortana.as(GLOBEX).awaitTerminal("globex-only-1").path("status").asText()).isEqualTo("CANCELLED");
        acme.post("/api/tasks/free-2/cancel", "application/json", "", Map.of());
    }

    private static void assertSameAnswer(HttpResponse<String> taken, HttpResponse<String> free, String what) {
        assertThat(taken.statusCode()).as(what + ": " + taken.body()).isEqualTo(free.statusCode());
        assertThat(taken.body()).as(what).isEqualTo(free.body().replace("free-1", "globex-only-1"));
    }
}
