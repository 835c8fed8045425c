package dev.kortana.it;

import static dev.kortana.it.TestKeys.ACME;
import static dev.kortana.it.TestKeys.ACME_APPROVER;
import static dev.kortana.it.TestKeys.BOOTSTRAP;
import static dev.kortana.it.TestKeys.GLOBEX;
import static dev.kortana.it.TestKeys.OPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * API keys end to end: a key file with two submitting tenants, an approver and an admin, plus the bootstrap admin key.
 * No key or a wrong one is 401, a tenant never sees another tenant's tasks (404 exactly like an unknown id), roles
 * guard the operator endpoints, and a Kor'tana that would be open beyond a local run does not start.
 */
class ApiKeysIT {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path etc;

    static final String schema = TestDatabase.newSchema();
    static CapturedLogs logs;
    static RunningKortana kortana;
    static RunningKortana acme;
    static RunningKortana globex;
    static RunningKortana approver;
    static RunningKortana admin;

    @BeforeAll
    static void start() throws Exception {
        logs = new CapturedLogs();
        kortana = RunningKortana.start(dataDir, schema, Map.of(
                "kortana.auth.keys-file", TestKeys.writeKeyFile(etc),
                "kortana.admin.api-key", BOOTSTRAP));
        acme = kortana.as(ACME);
        globex = kortana.as(GLOBEX);
        approver = kortana.as(ACME_APPROVER);
        admin = kortana.as(OPS);
    }

    @AfterAll
    static void stop() throws Exception {
        logs.close();
        if (kortana != null) {
            kortana.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void withoutAKnownKeyEveryApiRequestIs401WithABearerChallengeAndNoData() throws Exception {
        String id = submit(acme, "{\"id\":\"acme-private-1\",\"goal\":\"summarize acme secrets\"}");

        for (RunningKortana caller : List.of(kortana, kortana.as(ACME + "x"))) {
            for (String path : List.of("/api/tasks", "/api/tasks/" + id, "/api/tasks/" + id + "/events", "/api/models",
                    "/api/tools", "/api/dead-letters")) {
                HttpResponse<String> response = caller.get(path);

                assertThat(response.statusCode()).as(path).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
                JsonNode problem = Json.MAPPER.readTree(response.body());
                assertThat(problem.path("title").asText()).isEqualTo("Unauthorized");
                assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("Authorization");
                assertThat(response.body()).doesNotContain("acme secrets").doesNotContain(ACME);
            }
        }
        assertThat(kortana.postJson("{\"id\":\"anonymous-1\",\"goal\":\"summarize\"}").statusCode()).isEqualTo(401);
        assertThat(admin.get("/api/tasks/anonymous-1").statusCode()).as("nothing was stored").isEqualTo(404);
        assertThat(kortana.get("/observe/health/ready").statusCode()).as("health stays open").isEqualTo(200);
    }

    @Test
    void anUnknownApiPathOrMethodIsAnsweredWithoutAKeyWhileTheApiStillNeedsOne() throws Exception {
        HttpResponse<String> unknownPath = kortana.get("/api/nope");
        HttpResponse<String> unknownMethod = kortana.send("DELETE", "/api/tasks");

        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(unknownPath.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(unknownMethod.statusCode()).isEqualTo(405);
        assertThat(unknownMethod.headers().firstValue("Allow")).contains("GET, POST");
        assertThat(acme.get("/api/nope").statusCode()).isEqualTo(404);
        assertThat(kortana.get("/api/tasks").statusCode()).as("a served path checks the key first").isEqualTo(401);
        assertThat(kortana.postJson("{\"goal\":\"summarize\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void anotherTenantsTaskIsNotFoundExactlyLikeAnUnknownId() throws Exception {
        String id = submit(acme, "{\"id\":\"acme-only-1\",\"goal\":\"summarize what memory knows about acme\"}");
        assertThat(acme.getJson("/api/tasks/" + id).path("tenant").asText()).as("the key's tenant was filled in").isEqualTo("acme");

        HttpResponse<String> hidden = globex.get("/api/tasks/" + id);
        HttpResponse<String> unknown = globex.get("/api/tasks/no-such-task-1");
        HttpResponse<String> hiddenEvents = globex.get("/api/tasks/" + id + "/events");
        HttpResponse<String> unknownEvents = globex.get("/api/tasks/no-such-task-1/events");

        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body().replace(id, "ID")).isEqualTo(unknown.body().replace("no-such-task-1", "ID"));
        assertThat(hidden.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
        assertThat(hiddenEvents.statusCode()).isEqualTo(404);
        assertThat(hiddenEvents.body().replace(id, "ID")).isEqualTo(unknownEvents.body().replace("no-such-task-1", "ID"));
        assertThat(approver.get("/api/tasks/" + id).statusCode()).as("acme's approver reads acme's tasks").isEqualTo(200);
    }

    @Test
    void anIdAnotherTenantTookIsAcceptedAsANewTaskOfTheCaller() throws Exception {
        submit(acme, "{\"id\":\"shared-id-1\",\"goal\":\"summarize acme plans for shared\"}");

        HttpResponse<String> taken = globex.postJson("{\"id\":\"shared-id-1\",\"goal\":\"summarize acme plans for shared\"}");

        assertThat(taken.statusCode()).as("ids are per tenant (TenantIdsIT has the rest)").isEqualTo(202);
        assertThat(taken.body()).doesNotContain("acme").contains("\"existing\":false");
    }

    @Test
    void aTenantListsOnlyItsOwnTasks() throws Exception {
        String acmeTask = submit(acme, "{\"goal\":\"summarize the acme roadmap\"}");
        String globexTask = submit(globex, "{\"goal\":\"summarize the globex roadmap\"}");

        JsonNode globexList = globex.getJson("/api/tasks?limit=500").path("tasks");
        JsonNode acmeList = approver.getJson("/api/tasks?limit=500").path("tasks");

        assertThat(globexList.findValuesAsText("taskId")).contains(globexTask).doesNotContain(acmeTask);
        assertThat(globexList.findValuesAsText("tenant")).containsOnly("globex");
        assertThat(acmeList.findValuesAsText("taskId")).contains(acmeTask).doesNotContain(globexTask);
        assertThat(acmeList.findValuesAsText("tenant")).containsOnly("acme");
    }

    @Test
    void anAdminSeesAndSubmitsForEveryTenant() throws Exception {
        String acmeTask = submit(acme, "{\"goal\":\"summarize acme for the admin\"}");
        String globexTask = submit(admin, "{\"goal\":\"summarize for globex\",\"tenant\":\"globex\"}");
        String bootstrapTask = submit(kortana.as(BOOTSTRAP), "{\"goal\":\"summarize without tenant\"}");

        assertThat(admin.getJson("/api/tasks?limit=500").path("tasks").findValuesAsText("taskId"))
                .contains(acmeTask, globexTask, bootstrapTask);
        assertThat(admin.getJson("/api/tasks/" + acmeTask).path("tenant").asText()).isEqualTo("acme");
        assertThat(globex.getJson("/api/tasks/" + globexTask).path("tenant").asText()).isEqualTo("globex");
        assertThat(admin.getJson("/api/tasks/" + bootstrapTask).path("tenant").asText()).isEqualTo("default");
        assertThat(admin.get("/api/dead-letters").statusCode()).isEqualTo(200);
    }

    @Test
    void submittingForAnotherTenantIs403NamingTheTenantField() throws Exception {
        HttpResponse<String> response = acme.postJson("{\"id\":\"acme-as-globex\",\"goal\":\"summarize\",\"tenant\":\"globex\"}");

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("title").asText()).isEqualTo("Forbidden");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("/tenant");
        assertThat(problem.path("errors").get(0).path("fix").asText()).contains("acme");
        assertThat(admin.get("/api/tasks/acme-as-globex").statusCode()).as("nothing was stored").isEqualTo(404);
    }

    @Test
    void aRepeatedSubmissionStaysIdempotentWhetherItNamesItsTenantOrNot() throws Exception {
        HttpResponse<String> first = acme.postJson("{\"id\":\"acme-repeat-1\",\"goal\":\"summarize repeats\"}");
        HttpResponse<String> again = acme.postJson("{\"id\":\"acme-repeat-1\",\"goal\":\"summarize repeats\"}");
        HttpResponse<String> named = acme.postJson("{\"id\":\"acme-repeat-1\",\"goal\":\"summarize repeats\",\"tenant\":\"acme\"}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(named.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(named.body()).path("existing").asBoolean()).isTrue();
    }

    @Test
    void rolesGuardTheOperatorEndpoints() throws Exception {
        String tool = "{\"name\":\"acme.tool\",\"kind\":\"memory\",\"description\":\"d\"}";

        HttpResponse<String> register = acme.post("/api/tools", "application/json", tool, Map.of());
        HttpResponse<String> replay = acme.post("/api/dead-letters/1/replay", "application/json", "", Map.of());
        HttpResponse<String> approverSubmits = approver.postJson("{\"goal\":\"summarize\"}");

        assertThat(register.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(register.body()).path("errors").get(0).path("fix").asText()).isEqualTo("use a key with role admin");
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(acme.get("/api/dead-letters").statusCode()).isEqualTo(403);
        assertThat(acme.get("/api/dead-letters/1").statusCode()).isEqualTo(403);
        assertThat(approverSubmits.statusCode()).isEqualTo(403);
        assertThat(acme.get("/api/tools").statusCode()).isEqualTo(200);
        assertThat(globex.get("/api/models").statusCode()).isEqualTo(200);
        assertThat(admin.post("/api/tools", "application/json", tool, Map.of()).statusCode()).isEqualTo(201);
    }

    @Test
    void theCommandLineSendsItsApiKey() {
        String url = "http://127.0.0.1:" + kortana.port();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int withKey = Kortana.commandLine().setOut(new PrintWriter(out))
                .execute("submit", "--url", url, "--api-key", GLOBEX, "--id", "globex-cli-1", "summarize the command line");
        int status = Kortana.commandLine().setOut(new PrintWriter(out))
                .execute("status", "--url", url, "--api-key", GLOBEX, "--wait", "20", "globex-cli-1");
        int otherTenant = Kortana.commandLine().setErr(new PrintWriter(err))
                .execute("status", "--url", url, "--api-key", ACME, "globex-cli-1");
        int replay = Kortana.commandLine().setErr(new PrintWriter(err))
                .execute("replay", "--url", url, "--admin-key", GLOBEX, "1");
        StringWriter noKeyErr = new StringWriter();
        int noKey = Kortana.commandLine().setErr(new PrintWriter(noKeyErr)).execute("status", "--url", url, "--api-key", "", "globex-cli-1");

        assertThat(withKey).isZero();
        assertThat(status).isZero();
        assertThat(out.toString()).contains("globex-cli-1").contains("\"tenant\" : \"globex\"");
        assertThat(otherTenant).isEqualTo(1);
        assertThat(replay).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 404").contains("HTTP 403");
        assertThat(noKey).isEqualTo(1);
        assertThat(noKeyErr.toString()).contains("HTTP 401").contains("pass --api-key KEY or export KORTANA_API_KEY");
    }

    @Test
    void noKeyEverReachesTheLogAndTheAdminKeyIsMaskedInTheStartUpSummary() {
        List<String> lines = logs.lines();

        assertThat(lines).noneMatch(line -> TestKeys.ALL.stream().anyMatch(line::contains));
        assertThat(lines).anyMatch(line -> line.contains("kortana.admin.api-key") && line.contains("xxxxxx"));
        assertThat(lines).anyMatch(line -> line.contains("API keys required") && line.contains("acme-ci (acme: submitter)"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"0.0.0.0, local, listens on 0.0.0.0 (camel.server.host)",
            "127.0.0.1, production, runs in the production environment (kortana.environment)"})
    void withoutKeysOnlyALocalRunOnLoopbackStarts(String host, String environment, String why, @TempDir Path otherDir) {
        String other = TestDatabase.newSchema();

        // The production manifest's references (database, Kafka, collector) are given here; only the keys are missing.
        Map<String, String> settings = Map.of("camel.server.host", host, "kortana.environment", environment,
                "kortana.db.password", "", "kortana.kafka.brokers", "", "kortana.tracing.enabled", "false",
                "kortana.tracing.otlp-endpoint", "http://127.0.0.1:4318/v1/traces");
        assertThatThrownBy(() -> RunningKortana.start(otherDir, other, settings).close())
                .satisfies(e -> assertThat(messages(e)).contains(why, "kortana.auth.keys-file", "KORTANA_ADMIN_KEY"));
        TestDatabase.dropSchema(other);
    }

    private static String submit(RunningKortana as, String body) throws Exception {
        HttpResponse<String> response = as.postJson(body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return Json.MAPPER.readTree(response.body()).path("taskId").asText();
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
