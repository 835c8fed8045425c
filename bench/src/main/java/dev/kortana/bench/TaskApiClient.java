package dev.kortana.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The few calls of Kor'tana's HTTP task API the harness needs, over the JDK HttpClient (HTTP/1.1 keep-alive). */
final class TaskApiClient implements TaskSubmitter {

    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "REJECTED", "CANCELLED");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    TaskApiClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** POST /api/tasks; {@code taskId} is null unless the answer was 202. */
    @Override
    public Submission submit(String goal, String plan) throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.node.ObjectNode task = JSON.createObjectNode().put("goal", goal);
        if (plan != null) {
            task.set("plan", JSON.readTree(plan));
        }
        String body = task.toString();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/tasks"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        String taskId = response.statusCode() == 202 ? JSON.readTree(response.body()).path("taskId").asText(null) : null;
        return new Submission(response.statusCode(), taskId);
    }

    /** GET /api/tasks?limit=N: the newest tasks (by creation) with their status. */
    List<TaskState> recent(int limit) throws IOException, InterruptedException {
        JsonNode body = getJson("/api/tasks?limit=" + limit).orElseThrow(() -> new IOException("task list not found"));
        List<TaskState> states = new ArrayList<>();
        for (JsonNode task : body.path("tasks")) {
            states.add(new TaskState(task.path("taskId").asText(), task.path("status").asText()));
        }
        return states;
    }

    /** GET /api/tasks/{id}: the status, or empty while the task is not readable yet. */
    Optional<String> status(String taskId) throws IOException, InterruptedException {
        return getJson("/api/tasks/" + taskId).map(task -> task.path("status").asText());
    }

    /** GET /api/tasks/{id}/events. */
    Optional<JsonNode> events(String taskId) throws IOException, InterruptedException {
        return getJson("/api/tasks/" + taskId + "/events");
    }

    boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/observe/health/ready")).timeout(REQUEST_TIMEOUT).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Optional<JsonNode> getJson(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return Optional.of(JSON.readTree(response.body()));
    }

    record Submission(int statusCode, String taskId) {
    }

    record TaskState(String taskId, String status) {
        boolean terminal() {
            return TERMINAL.contains(status);
        }
    }
}
