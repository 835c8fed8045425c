package dev.kortana.it;

import static dev.kortana.it.TestKeys.ACME;
import static dev.kortana.it.TestKeys.BOOTSTRAP;
import static dev.kortana.it.TestKeys.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kortana.contracts.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/events/stream} sends a tenant's task events as Server-Sent Events while they happen, never another
 * tenant's; {@code ?task=ID} replays one task's events and ends after its terminal one; without a key it is a 401.
 */
class EventStreamIT {

    @TempDir
    static Path dir;

    static final String schema = TestDatabase.newSchema();
    static RunningKortana kortana;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kortana = RunningKortana.start(dir.resolve("data"), schema, Map.of(
                "kortana.auth.keys-file", TestKeys.writeKeyFile(dir), "kortana.admin.api-key", BOOTSTRAP));
    }

    @AfterAll
    static void stop() throws Exception {
        kortana.close();
        TestDatabase.dropSchema(schema);
    }

    @Test
    void aTenantSeesItsOwnEventsAsTheyHappenAndNoOtherTenants() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> stream = http.send(request("/api/events/stream", ACME).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();

        String mine = submit(ACME, "summarize the acme note");
        String theirs = submit(GLOBEX, "summarize the globex note");
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:")
                && l.contains("\"taskId\":\"" + mine + "\"") && l.contains("\"name\":\"COMPLETED\"")));
        assertThat(kortana.as(GLOBEX).awaitTerminal(theirs).path("status").asText()).isEqualTo("COMPLETED");

        assertThat(lines).filteredOn(l -> l.startsWith("data:")).noneMatch(l -> l.contains(theirs))
                .allSatisfy(l -> assertThat(Json.MAPPER.readTree(l.substring(5)).path("tenant").asText()).isEqualTo("acme"));
        List<Long> ids = lines.stream().filter(l -> l.startsWith("id: ")).map(l -> Long.parseLong(l.substring(4))).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        stream.body().close();
    }

    @Test
    void oneTasksStreamReplaysItsEventsAndEndsAfterTheLast() throws Exception {
        String id = submit(ACME, "summarize the followed note");
        kortana.as(ACME).awaitTerminal(id);

        HttpResponse<String> followed = http.send(request("/api/events/stream?task=" + id, ACME).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList())
                .startsWith("ACCEPTED").endsWith("COMPLETED").contains("PLANNED", "STEP_COMPLETED");
        // The same stream from the task's own events endpoint; without follow it is the JSON list it always was.
        HttpResponse<String> same = http.send(request("/api/tasks/" + id + "/events?follow=true", ACME)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(same.body()).isEqualTo(followed.body());
        HttpResponse<String> list = http.send(request("/api/tasks/" + id + "/events", ACME).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(list.body()).path("events").size()).isPositive();
        HttpResponse<String> otherTenant = http.send(request("/api/tasks/" + id + "/events?follow=true", GLOBEX).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherTenant.statusCode()).as("another tenant's task is not found").isEqualTo(404);
    }

    @Test
    void withoutAKeyItIsUnauthorizedAndAnotherTenantIsForbidden() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri("/api/events/stream")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> other = http.send(request("/api/events/stream?tenant=globex", ACME).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(other.statusCode()).isEqualTo(403);
    }

    private static String submit(String key, String goal) throws Exception {
        HttpResponse<String> r = kortana.as(key).postJson("{\"goal\":\"" + goal + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.MAPPER.readTree(r.body()).path("taskId").asText();
    }

    private static HttpRequest.Builder request(String path, String key) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + kortana.port() + path);
    }
}
