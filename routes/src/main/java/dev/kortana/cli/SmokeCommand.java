package dev.kortana.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.TaskStatus;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kortana smoke}: the deployment check. One task goes through a running Kor'tana (any deployment: a local
 * one, a staging cluster) from intake to its outcome, and each stage is checked from the task's own events, so a
 * failure names the component that did not do its part. Its duration is the Deployment Confidence figure.
 */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Check a running Kor'tana end to end with one task: ready, intake, plan, policy, execute, validate, memory,"
                + " reflect, outcome, each from the task's events. Exit 0 when every stage passed, 1 otherwise (naming the"
                + " first stage that did not).")
final class SmokeCommand implements Callable<Integer> {

    /** The stages in order, each with the event that shows it did its part. */
    static final Map<String, String> STAGES = stages();

    @Option(names = "--timeout", description = "seconds the task may take (default: ${DEFAULT-VALUE})", defaultValue = "60")
    int timeoutSeconds;

    @Option(names = "--json", description = "print the result as JSON instead of a table")
    boolean json;

    @Mixin
    ApiAddress address;

    @Spec
    CommandSpec spec;

    private static Map<String, String> stages() {
        Map<String, String> stages = new LinkedHashMap<>();
        stages.put("intake", "ACCEPTED");
        stages.put("plan", "PLANNED");
        stages.put("policy", "POLICY_ALLOWED");
        stages.put("execute", "STEP_COMPLETED");
        stages.put("validate", "VALIDATING");
        stages.put("memory", "MEMORY_UPDATED");
        stages.put("reflect", "REFLECTING");
        stages.put("outcome", "COMPLETED");
        return stages;
    }

    @Override
    public Integer call() throws Exception {
        ApiClient api = address.client();
        long t0 = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        HttpResponse<String> ready = api.get("/observe/health/ready");
        checks.add(new Check("ready", ready.statusCode() == 200, ms(t0),
                ready.statusCode() == 200 ? "" : "GET /observe/health/ready answered " + ready.statusCode()));
        String id = "smoke-" + UUID.randomUUID();
        ObjectNode task = Json.MAPPER.createObjectNode().put("id", id)
                .put("goal", "Kor'tana smoke check: summarize this sentence to prove the pipeline works end to end.");
        HttpResponse<String> accepted = api.post("/api/tasks", task.toString());
        if (accepted.statusCode() != 202) {
            checks.add(new Check("intake", false, ms(t0), "POST /api/tasks answered " + accepted.statusCode() + ": " + accepted.body()));
            return report(checks, t0, null);
        }
        JsonNode view = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = api.get("/api/tasks/" + id);
            view = r.statusCode() == 200 ? Json.MAPPER.readTree(r.body()) : null;
            if (view != null && TaskStatus.valueOf(view.path("status").asText("ACCEPTED")).isTerminal()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200); // a CLI polling a remote API between requests
        }
        JsonNode events = Json.MAPPER.readTree(api.get("/api/tasks/" + id + "/events").body()).path("events");
        Map<String, String> at = new LinkedHashMap<>();
        events.forEach(e -> at.putIfAbsent(e.path("name").asText(), e.path("at").asText()));
        String startedAt = at.get("ACCEPTED");
        for (Map.Entry<String, String> stage : STAGES.entrySet()) {
            String when = at.get(stage.getValue());
            checks.add(new Check(stage.getKey(), when != null, when == null || startedAt == null ? -1 : millisBetween(startedAt, when),
                    when != null ? "" : "no " + stage.getValue() + " event" + (view == null ? "" : "; the task is "
                            + view.path("status").asText() + reason(view))));
        }
        return report(checks, t0, id);
    }

    private int report(List<Check> checks, long t0, String id) {
        PrintWriter out = spec.commandLine().getOut();
        Check failed = checks.stream().filter(c -> !c.passed).findFirst().orElse(null);
        long total = ms(t0);
        if (json) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("passed", failed == null);
            body.put("durationMs", total);
            if (id != null) {
                body.put("taskId", id);
            }
            var list = body.putArray("stages");
            checks.forEach(c -> list.addObject().put("stage", c.name).put("passed", c.passed).put("atMs", c.atMs).put("problem", c.problem));
            out.println(body.toPrettyString());
        } else {
            checks.forEach(c -> out.printf("  %-9s %-4s %6s  %s%n", c.name, c.passed ? "ok" : "FAIL",
                    c.atMs < 0 ? "" : c.atMs + " ms", c.problem));
            out.println(failed == null ? "smoke check passed in " + total + " ms" + (id == null ? "" : " (task " + id + ")")
                    : "smoke check FAILED at " + failed.name + ": " + failed.problem);
        }
        out.flush();
        return failed == null ? 0 : 1;
    }

    private static String reason(JsonNode view) {
        String reason = view.path("reason").asText("");
        return reason.isEmpty() ? "" : " (" + reason + ")";
    }

    private static long millisBetween(String from, String to) {
        return java.time.Duration.between(java.time.Instant.parse(from), java.time.Instant.parse(to)).toMillis();
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** One stage's verdict: whether it passed, when (ms after intake), and what was missing. */
    private record Check(String name, boolean passed, long atMs, String problem) {
    }
}
