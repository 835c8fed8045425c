package dev.kortana.it;

import static org.apache.camel.builder.Builder.exchangeProperty;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.cli.Kortana;
import dev.kortana.contracts.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpApiIT {

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;
    static HttpServer flakyServer;
    static final AtomicInteger flakyCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        flakyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flakyServer.createContext("/", exchange -> {
            flakyCalls.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        flakyServer.start();
        app = RunningKortana.start(dataDir, schema, Map.of(
                "kortana.tools.http.allowed-hosts", "127.0.0.1:" + flakyServer.getAddress().getPort(),
                "kortana.tools.patience", "1s", // a tool that stays down is given up on quickly here
                "kortana.lease.sweep-ms", "300",
                "kortana.retry.max-redeliveries", "2",
                "camel.server.maxBodySize", "65536",
                "kortana.intake.max-bytes", "4096"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (flakyServer != null) {
            flakyServer.stop(0);
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void acceptsTaskAndCompletesItThroughEveryStageInOrder() throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"summarize what memory knows about kafka outages\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode accepted = Json.MAPPER.readTree(response.body());
        String id = accepted.path("taskId").asText();
        assertThat(accepted.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(response.headers().firstValue("Location")).contains("/api/tasks/" + id);

        JsonNode task = app.awaitTerminal(id);
        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("steps")).hasSizeGreaterThanOrEqualTo(1);
        assertThat(task.path("steps").get(0).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("outcome").path("result").asText()).isNotBlank();
        assertThat(task.path("outcome").path("reflection").asText()).startsWith("Completed");

        List<String> lifecycle = new ArrayList<>();
        for (JsonNode event : app.getJson("/api/tasks/" + id + "/events").path("events")) {
            if (event.path("kind").asText().equals("status")) {
                lifecycle.add(event.path("name").asText());
            }
        }
        assertThat(lifecycle).containsExactly("ACCEPTED", "PLANNING", "EXECUTING", "VALIDATING", "REFLECTING", "COMPLETED");
        assertThat(app.get("/observe/metrics").body())
                .contains("kortana_tasks_accepted_total{channel=\"HTTP\",result=\"created\"}")
                .contains("kortana_tasks_finished_total{channel=\"HTTP\",status=\"COMPLETED\"}")
                .contains("kortana_step_duration_seconds_count{status=\"COMPLETED\",tool=\"memory.search\"}");
    }

    @Test
    void everyStageRouteHandlesTheTask() throws Exception {
        String id = "notify-stages";
        List<NotifyBuilder> stages = new ArrayList<>();
        for (String stage : List.of("plan", "policy", "execute", "validate", "memory", "reflect", "publish")) {
            stages.add(new NotifyBuilder(app.camel()).fromRoute("pipeline")
                    .filter(exchangeProperty("KortanaTaskId").isEqualTo(id))
                    .wereSentTo("direct:pipeline-" + stage).whenCompleted(1).create());
        }

        assertThat(app.postJson("{\"id\":\"" + id + "\",\"goal\":\"summarize what memory knows about routes\"}").statusCode())
                .isEqualTo(202);

        for (NotifyBuilder stage : stages) {
            assertThat(stage.matches(20, TimeUnit.SECONDS)).as(stage.toString()).isTrue();
        }
        JsonNode steps = app.awaitTerminal(id).path("steps");
        assertThat(steps.findValuesAsText("provider")).contains("offline");
    }

    @Test
    void commandLineSubmitsATaskAndWaitsForItsOutcome() {
        String url = "http://127.0.0.1:" + app.port();
        StringWriter submitted = new StringWriter();
        StringWriter shown = new StringWriter();

        int submit = Kortana.commandLine().setOut(new PrintWriter(submitted))
                .execute("submit", "--url", url, "--id", "cli-1", "summarize what memory knows about the command line");
        int status = Kortana.commandLine().setOut(new PrintWriter(shown))
                .execute("status", "--url", url, "--wait", "20", "cli-1");

        assertThat(submit).isZero();
        assertThat(submitted.toString().trim()).isEqualTo("cli-1");
        assertThat(status).isZero();
        assertThat(shown.toString()).contains("\"status\" : \"COMPLETED\"");
    }

    @Test
    void commandLineSaysInOneLineWhenNoKortanaAnswers() {
        StringWriter err = new StringWriter();

        int code = Kortana.commandLine().setErr(new PrintWriter(err))
                .execute("status", "--url", "http://127.0.0.1:" + Ports.free(), "x");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("kortana: no Kor'tana answers at").doesNotContain("\tat ");
    }

    @Test
    void commandLineTakesItsAddressFromKortanaUrlWithoutAScheme() throws Exception {
        assertThat(app.postJson("{\"id\":\"cli-env-1\",\"goal\":\"summarize what memory knows about addresses\"}").statusCode())
                .isEqualTo(202);
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("kortana.jar", "target/kortana.jar"), "status", "--wait", "20", "cli-env-1")
                .redirectErrorStream(true);
        command.environment().put("KORTANA_URL", "127.0.0.1:" + app.port() + "/");
        command.environment().remove("KORTANA_API_KEY");

        Process status = command.start();
        String printed = new String(status.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(status.exitValue()).as(printed).isZero();
        assertThat(printed).contains("\"status\" : \"COMPLETED\"");
    }

    @Test
    void anUnknownApiPathIsA404ProblemNamingThePathAndTheApisPaths() throws Exception {
        for (HttpResponse<String> response : List.of(app.get("/api/nope"), app.post("/api/tasks/x/y", "application/json", "{}", Map.of()))) {
            String path = response.request().uri().getPath();

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = Json.MAPPER.readTree(response.body());
            assertThat(problem.path("title").asText()).isEqualTo("Not found");
            assertThat(problem.path("instance").asText()).isEqualTo(path);
            assertThat(problem.path("detail").asText()).contains(path).contains("GET /api/tasks/{id}").contains("POST /api/tasks,");
        }
    }

    @Test
    void aKnownApiPathWithAnotherMethodIsA405ProblemWithAllow() throws Exception {
        HttpResponse<String> deleteTasks = app.send("DELETE", "/api/tasks");
        HttpResponse<String> getCancel = app.get("/api/tasks/x/cancel");

        assertThat(deleteTasks.statusCode()).isEqualTo(405);
        assertThat(deleteTasks.headers().firstValue("Allow")).contains("GET, POST");
        assertThat(deleteTasks.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.MAPPER.readTree(deleteTasks.body()).path("detail").asText()).isEqualTo("DELETE is not allowed on /api/tasks; use GET, POST.");
        assertThat(getCancel.statusCode()).isEqualTo(405);
        assertThat(getCancel.headers().firstValue("Allow")).contains("POST");
        HttpResponse<String> events = app.get("/api/tasks/x/events");
        assertThat(events.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(events.body()).path("detail").asText()).as("the task route answers").doesNotContain("No API at");
    }

    @Test
    void rejectsInvalidTaskWithProblemJsonNamingEachField() throws Exception {
        HttpResponse<String> response = app.postJson("{\"goals\":\"typo\",\"tenant\":\"Not Valid\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = Json.MAPPER.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).contains("/goal", "/goals", "/tenant");
        problem.path("errors").forEach(e -> assertThat(e.path("fix").asText()).isNotBlank());
    }

    @Test
    void rejectsANulCharacterNamingTheFieldInsteadOfFailingAtTheDatabase() throws Exception {
        HttpResponse<String> response = app.postJson("{\"goal\":\"summarize a\\u0000b\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("/goal");
    }

    @Test
    void rejectsAnIdempotencyKeyThatCannotBeATaskId() throws Exception {
        HttpResponse<String> response = app.post("/api/tasks", "application/json", "{\"goal\":\"summarize\"}",
                Map.of("Idempotency-Key", "../../a b/c?d"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void rejectsNonJsonBodyWith415() throws Exception {
        HttpResponse<String> response = app.post("/api/tasks", "text/plain", "summarize things", Map.of());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Json.MAPPER.readTree(response.body()).path("detail").asText()).contains("application/json");
    }

    @Test
    void rejectsOversizeBodyWith413() throws Exception {
        String goal = "x".repeat(5000);

        HttpResponse<String> response = app.postJson("{\"goal\":\"" + goal + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("kortana.intake.max-bytes");
    }

    @Test
    void repeatOfSameIdAndBodyReturnsTheExistingTask() throws Exception {
        String body = "{\"id\":\"repeat-1\",\"goal\":\"summarize what memory knows about retries\"}";

        HttpResponse<String> first = app.postJson(body);
        HttpResponse<String> second = app.postJson(body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(second.body()).path("existing").asBoolean()).isTrue();
        assertThat(countRows("SELECT count(*) FROM tasks WHERE id = 'repeat-1'")).isEqualTo(1);
    }

    @Test
    void sameIdWithDifferentBodyIsAConflict() throws Exception {
        app.postJson("{\"id\":\"conflict-1\",\"goal\":\"summarize one thing\"}");

        HttpResponse<String> response = app.postJson("{\"id\":\"conflict-1\",\"goal\":\"summarize another thing\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(Json.MAPPER.readTree(response.body()).path("errors").get(0).path("field").asText()).isEqualTo("/id");
    }

    @Test
    void idempotencyKeyHeaderMakesRetriesOfATaskWithoutIdSafe() throws Exception {
        String body = "{\"goal\":\"summarize what memory knows about idempotency\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "client-key-7");

        HttpResponse<String> first = app.post("/api/tasks", "application/json", body, key);
        HttpResponse<String> second = app.post("/api/tasks", "application/json", body, key);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(second.body()).path("taskId").asText()).isEqualTo("client-key-7");
    }

    @Test
    void listsTasksByStatusAndRejectsAnUnknownStatus() throws Exception {
        String id = Json.MAPPER.readTree(app.postJson("{\"goal\":\"summarize the list test\"}").body()).path("taskId").asText();
        app.awaitTerminal(id);

        JsonNode completed = app.getJson("/api/tasks?status=COMPLETED&limit=500");
        HttpResponse<String> unknown = app.get("/api/tasks?status=SLEEPING");

        List<String> ids = new ArrayList<>();
        completed.path("tasks").forEach(t -> ids.add(t.path("taskId").asText()));
        assertThat(ids).contains(id);
        completed.path("tasks").forEach(t -> assertThat(t.path("status").asText()).isEqualTo("COMPLETED"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("SLEEPING");
    }

    @Test
    void unknownTaskIsA404Problem() throws Exception {
        HttpResponse<String> response = app.get("/api/tasks/no-such-task");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void policyRejectsAStepOutsideTheTaskAllowlistBeforeAnythingRuns() throws Exception {
        String body = "{\"goal\":\"write a note\",\"constraints\":{\"allowedTools\":[\"text.summarize\"]},"
                + "\"plan\":[{\"tool\":\"file.write\",\"args\":{\"path\":\"note.md\",\"content\":\"hello\"}}]}";
        String id = Json.MAPPER.readTree(app.postJson(body).body()).path("taskId").asText();

        JsonNode task = app.awaitTerminal(id);

        assertThat(task.path("status").asText()).isEqualTo("REJECTED");
        assertThat(task.path("reason").asText()).contains("task-allowlist").contains("file.write");
        assertThat(task.path("steps")).isEmpty();
        assertThat(dataDir.resolve("outbox/files/note.md")).doesNotExist();
    }

    @Test
    void httpToolIsDeniedForAHostOffTheAllowlist() throws Exception {
        String body = "{\"goal\":\"fetch a page\",\"plan\":[{\"tool\":\"http.request\",\"args\":{\"url\":\"http://example.com/\"}}]}";
        String id = Json.MAPPER.readTree(app.postJson(body).body()).path("taskId").asText();

        JsonNode task = app.awaitTerminal(id);

        assertThat(task.path("status").asText()).isEqualTo("REJECTED");
        assertThat(task.path("reason").asText()).contains("http-host-allowlist").contains("example.com");
    }

    @Test
    void aStepThatCannotSucceedFailsTheTaskAtOnceWithTheReason() throws Exception {
        String body = "{\"goal\":\"escape\",\"plan\":[{\"tool\":\"file.write\",\"args\":{\"path\":\"../escaped.txt\",\"content\":\"x\"}},"
                + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"never runs\"},\"dependsOn\":[0]}]}";
        String id = Json.MAPPER.readTree(app.postJson(body).body()).path("taskId").asText();

        JsonNode task = app.awaitTerminal(id);

        assertThat(task.path("status").asText()).isEqualTo("FAILED");
        assertThat(task.path("reason").asText()).contains("sandbox");
        assertThat(task.path("steps")).hasSize(1);
        assertThat(task.path("steps").get(0).path("status").asText()).isEqualTo("FAILED");
        assertThat(dataDir.resolve("outbox/escaped.txt")).doesNotExist();
        assertThat(countRows("SELECT count(*) FROM dead_letters WHERE task_id = '" + id + "'")).isZero();
    }

    @Test
    void aToolThatStaysDownIsRetriedPutAsideAndDeadLetteredWithTheTaskOncePastItsPatience() throws Exception {
        int before = flakyCalls.get();
        String url = "http://127.0.0.1:" + flakyServer.getAddress().getPort() + "/status";
        String body = "{\"goal\":\"fetch status\",\"plan\":[{\"tool\":\"http.request\",\"args\":{\"url\":\"" + url + "\"}}]}";
        String id = Json.MAPPER.readTree(app.postJson(body).body()).path("taskId").asText();

        JsonNode task = app.awaitTerminal(id);

        assertThat(task.path("status").asText()).isEqualTo("FAILED");
        assertThat(task.path("reason").asText()).contains("503").contains("longer than its patience of 1s");
        assertThat(flakyCalls.get() - before).as("the tool's retry policy (3 tries), then again after the wait")
                .isGreaterThan(3);
        assertThat(app.get("/api/tasks/" + id + "/events").body()).contains("TOOL_UNAVAILABLE");
        assertThat(rows("SELECT failed_route || ' ' || (task->>'goal') || ' ' || exception_class"
                + " FROM dead_letters WHERE task_id = '" + id + "'"))
                .containsExactly("pipeline-execute fetch status dev.kortana.processors.tools.ToolRetriesExhausted");
        JsonNode deadLetters = app.getJson("/api/dead-letters?limit=10").path("deadLetters");
        assertThat(deadLetters.findValuesAsText("taskId")).contains(id);
        assertThat(deadLetters.findValuesAsText("message")).anyMatch(m -> m.contains("503"));
    }

    @Test
    void writesFilesOnlyInsideTheSandbox() throws Exception {
        String body = "{\"goal\":\"save\",\"plan\":[{\"tool\":\"file.write\",\"args\":{\"path\":\"reports/today.md\",\"content\":\"all good\"}}]}";
        String id = Json.MAPPER.readTree(app.postJson(body).body()).path("taskId").asText();

        JsonNode task = app.awaitTerminal(id);

        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(Files.readString(dataDir.resolve("outbox/files/reports/today.md"))).isEqualTo("all good");
    }

    static List<String> rows(String sql) throws Exception {
        return TestStore.rows(schema, sql);
    }

    static long countRows(String sql) throws Exception {
        return TestStore.count(schema, sql);
    }
}
