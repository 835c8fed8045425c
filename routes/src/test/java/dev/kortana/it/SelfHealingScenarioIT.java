package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.it.CountingToolServer.Reply;
import dev.kortana.it.StubModelServer.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-healing scenario: the packaged Kor'tana takes tasks over all three channels (HTTP, the inbox, Kafka) while
 * its models and tools fail in every way the system is meant to heal from, and it is killed with SIGKILL once in the
 * middle of a call. Nobody acts on any task. Each injected fault that a task met is an incident; an incident is healed
 * when its task completed. The run reports Self-Healing Coverage (healed ÷ incidents) by kind and requires at least
 * 95 %, no task lost and no effect twice.
 *
 * <ul>
 *   <li>Models: a model with a key the provider rejects (401: misconfigured, the next model is tried), and on the main
 *       model 500, 502, 503, 429 with a short and a long Retry-After, a hang past the timeout, malformed JSON, a cut
 *       answer, an empty answer, the prompt echoed back and zero token counts. A backup model (Anthropic's protocol)
 *       is healthy.</li>
 *   <li>Tools: a 500 after the effect on a tool that honours idempotency keys and on one with a reconcile check, 503
 *       past the retries (put aside), 429 with Retry-After, 502, 504, a call slower than the timeout, and a tool whose
 *       server is gone for a while (connection refused).</li>
 *   <li>A kill -9 while an order call is held; a second instance starts on the same database and takes over.</li>
 * </ul>
 * Run alone: {@code mvn -B verify -pl routes -am -Dit.test=SelfHealingScenarioIT -Dtest=NoSuch
 * -Dsurefire.failIfNoSpecifiedTests=false} (also {@code bench/scenario.sh}).
 */
class SelfHealingScenarioIT {

    private static final Pattern MARKER = Pattern.compile("sc-[a-z]+-\\d+");

    @TempDir
    Path dir;

    final String schema = TestDatabase.newSchema();
    final HttpClient http = HttpClient.newHttpClient();
    final List<Process> started = new ArrayList<>();
    final Map<String, String> incidentsByTask = new LinkedHashMap<>();
    final List<String[]> incidents = new ArrayList<>(); // {kind, task id}
    final List<String> accepted = new ArrayList<>();
    final Map<String, String> effectPaths = new LinkedHashMap<>(); // task id -> path of its order, placed at most once
    KafkaBroker broker;
    CountingToolServer shop;
    CountingToolServer warehouse;
    CountingToolServer stockroom; // the tool a person has to replay a task for
    StubModelServer stale;
    StubModelServer primary;
    StubModelServer backup;
    int port;
    int channel;
    int humanActions;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : new AutoCloseable[] {shop, warehouse, stockroom, stale, primary, backup, broker}) {
            if (c != null) {
                c.close();
            }
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void modelFaultsToolFaultsAndAKillNineOverThreeChannelsHealWithoutAPerson() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        shop = new CountingToolServer();
        warehouse = new CountingToolServer();
        stockroom = new CountingToolServer();
        stale = StubModelServer.start("stale").requireApiKey("a-key-kortana-was-not-given");
        primary = StubModelServer.start("primary").reply(SelfHealingScenarioIT::answer).usage(40, 12);
        backup = StubModelServer.start("backup").reply(SelfHealingScenarioIT::answer).usage(40, 12);
        port = Ports.free();
        started.add(launch("n0"));
        register("{\"name\":\"orders.keyed\",\"kind\":\"http\",\"description\":\"Places an order; honours Idempotency-Key\","
                + "\"honours-idempotency-key\":true}");
        register("{\"name\":\"orders.checked\",\"kind\":\"http\",\"description\":\"Places an order; can be looked up\","
                + "\"reconcile\":{\"url\":\"" + shop.url("/lookup?key={{key}}") + "\"}}");
        register("{\"name\":\"orders.approved\",\"kind\":\"http\",\"description\":\"Places an order a person approves\","
                + "\"safety\":[\"irreversible\"],\"honours-idempotency-key\":true}");
        for (Fault fault : List.of(Fault.status(503), Fault.serverError(), Fault.status(502), Fault.rateLimited(1),
                Fault.rateLimited(8), Fault.hang(4000), Fault.malformedJson(), Fault.truncated(), Fault.empty(), Fault.echo(),
                Fault.zeroUsage())) {
            primary.failNext(2, fault);
        }

        // Tool faults, each task meeting one, spread over the channels.
        for (int i = 0; i < 3; i++) {
            toolTask("keyed", i, "orders.keyed", "POST", "/keyed/a" + i, Reply.EFFECT_THEN_500, "tool 500 after the effect, key honoured");
            toolTask("checked", i, "orders.checked", "POST", "/orders/c" + i, Reply.EFFECT_THEN_500, "tool 500 after the effect, reconcile check");
            toolTask("down", i, "http.request", "GET", "/stock/d" + i, Reply.UNAVAILABLE, "tool 503 past its retries");
            toolTask("limited", i, "http.request", "GET", "/stock/r" + i, Reply.RATE_LIMITED, "tool 429 with Retry-After");
            toolTask("gateway", i, "http.request", "GET", "/stock/g" + i, i % 2 == 0 ? Reply.BAD_GATEWAY : Reply.GATEWAY_TIMEOUT,
                    "tool 502/504 from a gateway");
            toolTask("slow", i, "http.request", "GET", "/stock/s" + i, Reply.SLOW, "tool slower than its timeout");
        }
        // Tasks that ask the models to plan.
        for (int i = 0; i < 15; i++) {
            submit("sc-model-" + i, "{\"id\":\"sc-model-" + i + "\",\"goal\":\"Summarize the weekly sales report [sc-model-" + i + "]\"}");
        }

        // A kill -9 while an order call is held by the tool: the effect happened, the answer never arrives.
        shop.script("/keyed/kill", Reply.EFFECT_THEN_HOLD);
        String kill = "sc-kill-0";
        submit(kill, task(kill, "orders.keyed", "POST", shop.url("/keyed/kill")));
        effectPaths.put(kill, "/keyed/kill");
        incident("kill -9 during the call (key honoured)", kill);
        assertThat(shop.awaitHolding(60)).as("the order call reached the tool").isTrue();
        Process victim = started.get(0);
        victim.destroyForcibly();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        shop.release();
        started.add(launch("n1"));

        // A tool whose server is gone for 12 s: connections are refused.
        warehouse.stopListening();
        for (int i = 0; i < 4; i++) {
            String id = "sc-refused-" + i;
            submit(id, task(id, "http.request", "GET", warehouse.url("/stock/w" + i)));
            incident("tool connection refused for 12 s", id);
        }
        awaitQuietly(Duration.ofSeconds(12));
        warehouse.listenAgain();

        // What a person does: approve a step policy holds back, and replay a task whose tool kept failing (a host of its
        // own, so no other fault's breaker turns its failures into a wait).
        String approved = "sc-approved-0";
        submit(approved, task(approved, "orders.approved", "POST", shop.url("/keyed/approved")));
        effectPaths.put(approved, "/keyed/approved");
        String replayed = "sc-replayed-0";
        stockroom.script("/stock/replayed", Reply.EFFECT_THEN_500, Reply.EFFECT_THEN_500, Reply.EFFECT_THEN_500);
        submit(replayed, task(replayed, "http.request", "GET", stockroom.url("/stock/replayed")));
        incident("tool 500 three times (a person replays it)", replayed);
        humanActions = 2;

        decide(approved, replayed);
        Map<String, JsonNode> views = awaitSettled(Duration.ofMinutes(4));
        countTakeovers(views);
        countModelIncidents();
        report(views);

        assertThat(views).as("every accepted task is known").hasSize(accepted.size());
        assertThat(primary.pendingFaults()).as("every model fault was served").isZero();
        effectPaths.forEach((id, path) -> assertThat(shop.effects(path)).as("orders placed by %s", id)
                .isEqualTo("COMPLETED".equals(views.get(id).path("status").asText()) ? 1 : shop.effects(path)).isLessThanOrEqualTo(1));
        long healed = incidents.stream().filter(i -> healed(views.get(i[1]))).count();
        double coverage = (double) healed / incidents.size();
        assertThat(coverage).as("Self-Healing Coverage").isGreaterThanOrEqualTo(0.95);
        // Kor'tana's own figures, from what it stored, agree on the tasks and on nobody having acted.
        JsonNode autonomy = Json.MAPPER.readTree(get("/api/metrics/autonomy?window=1h").body());
        long byPerson = views.values().stream().filter(v -> v.path("outcome").path("humanInterventions").asInt() > 0).count();
        assertThat(byPerson).as("tasks a person acted on").isEqualTo(2);
        System.out.printf("SCENARIO | /api/metrics/autonomy: %d tasks, Autonomy Index %s, %d incidents recorded, Self-Healing"
                + " Coverage %s, %d human actions%n", autonomy.path("tasks").asLong(), autonomy.path("autonomyIndex"),
                autonomy.path("incidents").asLong(), autonomy.path("selfHealingCoverage"), autonomy.path("humanActions").asLong());
        long completed = views.values().stream().filter(v -> "COMPLETED".equals(v.path("status").asText())).count();
        assertThat(autonomy.path("tasks").asLong()).isEqualTo(views.size());
        assertThat(autonomy.path("completed").asLong()).isEqualTo(completed);
        assertThat(autonomy.path("completedWithoutHumanAction").asLong()).isEqualTo(completed - byPerson);
        assertThat(autonomy.path("humanActions").asLong()).isEqualTo(humanActions);
        assertThat(autonomy.path("tasksWithHumanAction").asLong()).isEqualTo(byPerson);
        assertThat(autonomy.path("incidents").asLong()).as("incidents Kor'tana recorded").isPositive();
        assertThat(autonomy.path("selfHealingCoverage").asDouble()).isGreaterThanOrEqualTo(0.95)
                .as("the replayed task's dead letter is an incident a person healed").isLessThan(1.0);
        // Knowledge Freshness, from the stored facts' own events.
        JsonNode fresh = autonomy.path("knowledgeFreshness");
        System.out.println("SCENARIO | knowledge freshness: " + fresh);
        assertThat(fresh.path("factsStored").asLong()).as("facts the scenario's tasks stored").isPositive();
        assertThat(fresh.path("p50Ms").asLong()).isLessThanOrEqualTo(fresh.path("p95Ms").asLong())
                .isLessThanOrEqualTo(fresh.path("maxMs").asLong());
        // By tool and by domain (a tool name's part before the first dot): each task counts once per tool its plan names.
        JsonNode byTool = Json.MAPPER.readTree(get("/api/metrics/autonomy?window=1h&by=tool").body()).path("groups");
        JsonNode byDomain = Json.MAPPER.readTree(get("/api/metrics/autonomy?window=1h&by=domain").body()).path("groups");
        System.out.println("SCENARIO | by tool: " + byTool + " | by domain: " + byDomain);
        assertThat(byTool.has("orders.approved")).as("tools: %s", byTool).isTrue();
        assertThat(byTool.path("orders.approved").path("tasksWithHumanAction").asLong()).as("the approved order").isPositive();
        assertThat(byDomain.has("orders")).as("domains: %s", byDomain).isTrue();
        long ordersTasks = java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(byTool.fields(), 0), false)
                .filter(e -> e.getKey().startsWith("orders.")).mapToLong(e -> e.getValue().path("tasks").asLong()).sum();
        assertThat(byDomain.path("orders").path("tasks").asLong()).as("an orders task uses one orders tool")
                .isEqualTo(ordersTasks);
        assertThat(views.values()).filteredOn(v -> !"COMPLETED".equals(v.path("status").asText())).hasSizeLessThanOrEqualTo(
                (int) Math.floor(accepted.size() * 0.05));
    }

    /** A person at work: approves the held-back step, and replays the dead letter once the tool is fixed. */
    private void decide(String approved, String replayed) throws Exception {
        await().atMost(Duration.ofMinutes(2)).until(() -> "AWAITING_APPROVAL".equals(status(approved)));
        HttpResponse<String> approval = http.send(HttpRequest.newBuilder(uri("/api/approvals/" + approved))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\",\"reviewer\":\"scenario\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).as(approval.body()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(2)).until(() -> "FAILED".equals(status(replayed)));
        JsonNode view = Json.MAPPER.readTree(get("/api/tasks/" + replayed).body());
        Matcher letter = Pattern.compile("dead letter #(\\d+)").matcher(view.path("reason").asText());
        assertThat(letter.find()).as(view.path("reason").asText()).isTrue();
        HttpResponse<String> replay = http.send(HttpRequest.newBuilder(uri("/api/dead-letters/" + letter.group(1) + "/replay"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
    }

    private String status(String id) throws Exception {
        HttpResponse<String> r = get("/api/tasks/" + id);
        return r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()).path("status").asText() : "";
    }

    /** One task that calls {@code tool} once, whose tool answers {@code reply} first. */
    private void toolTask(String kind, int n, String tool, String method, String path, Reply reply, String incident) throws Exception {
        String id = "sc-" + kind + "-" + n;
        shop.script(path, reply.equals(Reply.UNAVAILABLE) ? new Reply[] {reply, reply, reply, reply} : new Reply[] {reply});
        submit(id, task(id, tool, method, shop.url(path)));
        if ("POST".equals(method)) { // an order: exactly once; a GET may be repeated
            effectPaths.put(id, path);
        }
        incident(incident, id);
    }

    private static String task(String id, String tool, String method, String url) {
        return "{\"id\":\"" + id + "\",\"goal\":\"Handle order request [" + id + "]\",\"plan\":[{\"tool\":\"" + tool
                + "\",\"args\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\"" + ("POST".equals(method)
                ? ",\"body\":{\"sku\":\"" + id + "\"}" : "") + "}}]}";
    }

    /** Sends the task over the next channel in turn: HTTP, the inbox, Kafka. */
    private void submit(String id, String json) throws Exception {
        switch (channel++ % 3) {
            case 0 -> {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/tasks"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            }
            case 1 -> {
                Path inbox = Files.createDirectories(dir.resolve("data/inbox"));
                Path temp = Files.writeString(dir.resolve(id + ".json.tmp"), json);
                Files.move(temp, inbox.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
            }
            default -> broker.publish("kortana.tasks", id, json);
        }
        accepted.add(id);
    }

    private void incident(String kind, String taskId) {
        incidents.add(new String[] {kind, taskId});
        incidentsByTask.merge(taskId, kind, (a, b) -> a + ", " + b);
    }

    /** Every task that another instance took over after the kill had an incident: its worker died. */
    private void countTakeovers(Map<String, JsonNode> views) throws Exception {
        for (String id : views.keySet()) {
            JsonNode events = Json.MAPPER.readTree(get("/api/tasks/" + id + "/events").body()).path("events");
            if (events.findValuesAsText("name").contains("RECLAIMED")) {
                incident("lease taken over after kill -9", id);
            }
        }
    }

    /** Every fault a model served, charged to the task whose prompt it answered (the goal carries the task's marker). */
    private void countModelIncidents() {
        for (StubModelServer model : List.of(stale, primary)) {
            List<StubModelServer.Served> served = new ArrayList<>(model.served());
            if (model == stale) { // every call the rejected key got is a configuration error met
                model.received().forEach(c -> served.add(new StubModelServer.Served(Fault.status(401), c)));
            }
            for (StubModelServer.Served s : served) {
                Matcher m = MARKER.matcher(s.call().body().toString());
                assertThat(m.find()).as("a task marker in the prompt %s", s.call().body()).isTrue();
                incident("model " + name(s.fault()), m.group());
            }
        }
    }

    private static String name(Fault fault) {
        if (fault instanceof Fault.Status s) {
            return "HTTP " + s.code() + (s.code() == 401 ? " (key rejected)" : "");
        }
        if (fault instanceof Fault.RateLimited r) {
            return "429 Retry-After " + r.retryAfterSeconds() + " s";
        }
        return fault instanceof Fault.Hang ? "hang past the timeout" : fault.getClass().getSimpleName();
    }

    private Map<String, JsonNode> awaitSettled(Duration atMost) {
        Map<String, JsonNode> views = new TreeMap<>();
        await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (String id : accepted) {
                JsonNode view = views.get(id);
                if (view == null || !settled(view)) {
                    HttpResponse<String> r = get("/api/tasks/" + id);
                    if (r.statusCode() == 200) {
                        views.put(id, Json.MAPPER.readTree(r.body()));
                    }
                }
            }
            return views.size() == accepted.size() && views.values().stream().allMatch(SelfHealingScenarioIT::settled);
        });
        return views;
    }

    /** Completed with no human action: what heals an incident. */
    private static boolean healed(JsonNode view) {
        return "COMPLETED".equals(view.path("status").asText()) && view.path("outcome").path("humanInterventions").asInt() == 0;
    }

    private static boolean settled(JsonNode view) {
        TaskStatus status = TaskStatus.valueOf(view.path("status").asText("ACCEPTED"));
        return status.isTerminal() || status == TaskStatus.AWAITING_RECONCILIATION;
    }

    private void report(Map<String, JsonNode> views) {
        Map<String, int[]> byKind = new TreeMap<>();
        for (String[] i : incidents) {
            int[] counts = byKind.computeIfAbsent(i[0], k -> new int[2]);
            counts[0]++;
            if (healed(views.get(i[1]))) {
                counts[1]++;
            }
        }
        long completed = views.values().stream().filter(v -> "COMPLETED".equals(v.path("status").asText())).count();
        long healed = byKind.values().stream().mapToInt(c -> c[1]).sum();
        long autonomous = views.values().stream().filter(SelfHealingScenarioIT::healed).count();
        System.out.printf("SCENARIO | %d tasks over HTTP, inbox and Kafka | %d completed, %d with no human action (Autonomy Index"
                + " %.1f %%) | %d incidents, %d healed: Self-Healing Coverage %.1f %%%n", views.size(), completed, autonomous,
                100.0 * autonomous / views.size(), incidents.size(), healed, 100.0 * healed / incidents.size());
        byKind.forEach((kind, c) -> System.out.printf("SCENARIO |   %-45s %3d incidents, %3d healed%n", kind, c[0], c[1]));
        views.forEach((id, v) -> {
            if (!"COMPLETED".equals(v.path("status").asText())) {
                System.out.printf("SCENARIO |   not healed: %s %s (%s): %s%n", id, v.path("status").asText(),
                        incidentsByTask.get(id), v.path("reason").asText());
            }
        });
    }

    /** The plan a planner asks for, or a short reflection. */
    private static String answer(StubModelServer.Call call) {
        return call.lastUserText().contains("\"tools\"")
                ? "[{\"tool\":\"memory.search\",\"args\":{\"query\":\"weekly sales report\"}}]"
                : "The task went as planned; nothing to change.";
    }

    private Process launch(String node) throws Exception {
        Path models = dir.resolve("models.yaml");
        Files.writeString(models, """
                models:
                  - name: stale
                    provider: openai
                    endpoint: %s
                    model: stale-1
                    api-key-env: PATH
                    price-per-1k-input: 0.0001
                    price-per-1k-output: 0.0001
                    capabilities: [plan, reflect, summarize]
                    timeout-ms: 1500
                  - name: primary
                    provider: openai
                    endpoint: %s
                    model: primary-1
                    api-key-env: PATH
                    price-per-1k-input: 0.0002
                    price-per-1k-output: 0.0002
                    capabilities: [plan, reflect, summarize]
                    timeout-ms: 1500
                  - name: backup
                    provider: anthropic
                    endpoint: %s
                    model: backup-1
                    api-key-env: PATH
                    price-per-1k-input: 0.0005
                    price-per-1k-output: 0.0005
                    capabilities: [plan, reflect, summarize]
                    timeout-ms: 3000
                routing:
                  retries: 1
                  backoff-ms: 50
                  max-retry-after-ms: 3000
                breaker:
                  minimum-calls: 40
                  window: 80
                """.formatted(stale.openAiEndpoint(), primary.openAiEndpoint(), backup.anthropicEndpoint()));
        return PackagedKortana.launch(dir, port, node, List.of(
                "kortana.node-id = " + node,
                "kortana.db.url = " + TestDatabase.url(),
                "kortana.db.schema = " + schema,
                "kortana.lease.duration-ms = 2000",
                "kortana.lease.heartbeat-ms = 500",
                "kortana.lease.sweep-ms = 300",
                "kortana.lease.sweep-delay-ms = 0",
                "kortana.kafka.brokers = " + broker.bootstrap(),
                "kortana.models.catalog = file:" + models,
                "kortana.tools.http.timeout-ms = 2000",
                "kortana.tools.breaker.cooldown-ms = 3000",
                "kortana.tools.http.allowed-hosts = 127.0.0.1:" + shop.port() + ",127.0.0.1:" + warehouse.port()
                        + ",127.0.0.1:" + stockroom.port()));
    }

    private void register(String json) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/tools")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Lets the scenario run for a while before the next fault ends: the fault's length, not a wait for a route. */
    private static void awaitQuietly(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
}
