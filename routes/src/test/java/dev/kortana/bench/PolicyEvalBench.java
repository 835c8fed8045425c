package dev.kortana.bench;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.PolicyDecision;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.policy.ModelFacts;
import dev.kortana.processors.policy.PolicyBook;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.policy.StepFacts;
import dev.kortana.processors.tools.HostAllowlist;
import dev.kortana.processors.tools.ToolCatalog;
import dev.kortana.processors.tools.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;

/**
 * What a policy decision costs: {@link PolicyBook#decideStep} over a realistic book of 21 rules
 * ({@code bench/policy-bench.yaml}), the built-in {@link PolicyFilter} on the same steps, both together as the
 * pipeline will call them (filter, then the book for each step the filter passed), and {@link PolicyBook#decideModel}
 * per candidate model. Plans of 5 steps (memory.search, http.request, text.summarize, crm.lookup, file.write) for
 * three tasks (an ordinary one, which only REWRITE rules match, so it walks the whole book; an EU tenant rewritten to
 * EU residency and a lower cost limit; a third like the first). The decisions are printed before the timings.
 * Single thread, interleaved rounds, nanoseconds. Run with bench/policy.sh.
 *
 * <p>Arguments: [decisions per round (default 200000)] [rounds (default 5)].
 */
public final class PolicyEvalBench {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z"); // a Wednesday, 11:00 in Berlin

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;

        List<ToolSpec> tools = new ArrayList<>(load("tools.yaml", in -> ToolCatalog.load(in, "tools.yaml")).all());
        tools.add(new ToolSpec("crm.lookup", "route", "Look a customer up", null, null, null, null,
                List.of("crm"), List.of("reads-pii"), null, null, true, null, null, null, "eu", "direct:crm", null,
                null, null, null, null, null, false, null, null, null));
        ToolCatalog catalog = new ToolCatalog(tools);
        PolicyBook book = load("bench/policy-bench.yaml", in -> PolicyBook.load(in.readAllBytes(), "policy-bench.yaml"));
        PolicyFilter filter = new PolicyFilter(catalog, Set.of(), HostAllowlist.parse("api.example.com"));

        List<PlanStep> plan = List.of(
                new PlanStep("memory.search", Map.of("query", "quarterly report", "limit", 20), null, null),
                new PlanStep("http.request", Map.of("method", "GET", "url", "https://api.example.com/v1/report"), null, null),
                new PlanStep("text.summarize", Map.of("text", "{{steps.1.output}}", "sentences", 3), null, List.of(1)),
                new PlanStep("crm.lookup", Map.of("customer", "c-42"), null, null),
                new PlanStep("file.write", Map.of("path", "report.md", "content", "{{steps.2.output}}"), null, List.of(2)));
        List<AgentTask> tasks = List.of(
                new AgentTask("t-1", "Summarize the quarterly report", "acme",
                        null, new TaskConstraints(new BigDecimal("2"), null, null, null, false), plan),
                new AgentTask("t-2", "Summarize the quarterly report", "acme-eu", null, null, plan),
                new AgentTask("t-3", "Summarize the quarterly report", "beta",
                        null, new TaskConstraints(new BigDecimal("5"), null, null, null, false), plan));
        List<ModelSpec> models = List.of(
                model("offline", "offline", "", "local", "eu", "us"), model("gpt-4o", "openai", "us", "soc2"),
                model("mistral-large", "openai", "eu", "eu", "gdpr"));

        List<StepFacts> steps = new ArrayList<>();
        List<AgentTask> stepTasks = new ArrayList<>();
        List<List<PlanStep>> oneStepPlans = new ArrayList<>();
        for (AgentTask task : tasks) {
            for (int i = 0; i < plan.size(); i++) {
                steps.add(new StepFacts(task, i, plan.get(i), catalog.find(plan.get(i).tool()).orElse(null), null, NOW));
                stepTasks.add(task);
                oneStepPlans.add(List.of(plan.get(i)));
            }
        }
        List<ModelFacts> calls = new ArrayList<>();
        for (AgentTask task : tasks) {
            for (String purpose : List.of("plan", "summarize", "reflect")) {
                for (ModelSpec m : models) {
                    calls.add(new ModelFacts(task.id(), task.tenant(), task.constraints(), purpose, m,
                            new BigDecimal("0.002"), NOW));
                }
            }
        }

        int[] next = {0};
        String[] names = {"timer floor (no work)", "book.decideStep", "PolicyFilter, one step",
                "filter + book, one step", "filter + book, 5-step plan", "book.decideModel"};
        List<Callable<Object>> rows = List.of(
                () -> names,
                () -> book.decideStep(steps.get(next[0]++ % steps.size())),
                () -> {
                    int i = next[0]++ % steps.size();
                    return filter.evaluate(stepTasks.get(i), oneStepPlans.get(i));
                },
                () -> {
                    int i = next[0]++ % steps.size();
                    return filterThenBook(filter, book, catalog, stepTasks.get(i), oneStepPlans.get(i), i % plan.size());
                },
                () -> filterThenBook(filter, book, catalog, tasks.get(next[0]++ % tasks.size()), plan, 0),
                () -> book.decideModel(calls.get(next[0]++ % calls.size())));

        System.out.printf("policy evaluation: book version %s, %d rules, %d decisions per row and round, %d rounds,"
                + " 1 thread, nanoseconds%n", book.version(), book.ruleIds().size(), n, rounds);
        for (int i = 0; i < steps.size(); i += plan.size()) {
            System.out.printf("  %-8s steps: %s%n", stepTasks.get(i).tenant(), steps.subList(i, i + plan.size()).stream()
                    .map(s -> book.decideStep(s).decision()).map(d -> d.effect() + " " + d.ruleId()).toList());
        }
        Histogram[] h = new Histogram[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            h[i] = new Histogram(3);
            LatencyRows.measureNanos(rows.get(i), n, null); // warm-up
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < rows.size(); i++) {
                LatencyRows.measureNanos(rows.get(i), n, h[i]);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            LatencyRows.print(names[i], h[i], i == 0 ? null : h[0], "over the timer floor", "ns");
        }
    }

    /** As the pipeline will decide a plan: the built-in checks first, then the book for every step they passed. */
    private static List<Object> filterThenBook(PolicyFilter filter, PolicyBook book, ToolCatalog catalog,
            AgentTask task, List<PlanStep> plan, int firstIndex) {
        List<PolicyDecision> builtIn = filter.evaluate(task, plan);
        List<Object> out = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            PlanStep step = plan.get(i);
            out.add(builtIn.get(i).denies() ? builtIn.get(i) : book.decideStep(new StepFacts(task, firstIndex + i,
                    step, catalog.find(step.tool()).orElse(null), null, NOW)));
        }
        return out;
    }

    private static ModelSpec model(String name, String provider, String region, String... compliance) {
        return new ModelSpec(name, provider, "https://models.example.com/v1", name, null, new BigDecimal("0.001"),
                new BigDecimal("0.002"), region, Set.of(compliance), Set.of("plan", "summarize", "reflect"), 128_000,
                1024, 30_000, 8);
    }

    private interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T load(String resource, Reader<T> reader) throws IOException {
        try (InputStream in = PolicyEvalBench.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return reader.read(in);
        }
    }
}
