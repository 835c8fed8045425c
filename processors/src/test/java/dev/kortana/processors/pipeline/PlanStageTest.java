package dev.kortana.processors.pipeline;

import dev.kortana.processors.prompts.PromptBook;
import dev.kortana.processors.prompts.ShippedPrompts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.contracts.Usage;
import dev.kortana.processors.intake.TaskContract;
import dev.kortana.processors.model.ModelGateway;
import dev.kortana.processors.policy.PolicyFilter;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.tools.HostAllowlist;
import dev.kortana.processors.tools.ShippedCatalog;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanStageTest {

    private static final String VALID = "[{\"tool\": \"memory.search\", \"args\": {\"query\": \"kafka\"}},"
            + " {\"tool\": \"text.summarize\", \"args\": {\"text\": \"{{steps.0.output}}\"}, \"dependsOn\": [0]}]";
    private static final PolicyFilter OPEN_POLICY = new PolicyFilter(ShippedCatalog.load(), Set.of(), HostAllowlist.parse(""));
    private static final PlanCheck PLAN_CHECK = new PlanCheck(new TaskContract(262144));

    private final FakeModels models = new FakeModels();
    private final RecordingCheckpoints checkpoints = new RecordingCheckpoints();

    @Test
    void usesAnExplicitPlanWithoutAskingAModel() {
        List<PlanStep> explicit = List.of(new PlanStep("memory.search", Map.of("query", "kafka"), null, null));
        TaskRun run = run(new AgentTask("t-1", "recall kafka", null, null, null, explicit), TaskStatus.ACCEPTED);

        stage(2).plan(run);

        assertThat(models.requests).isEmpty();
        assertThat(checkpoints.transitions).containsExactly(TaskStatus.PLANNING);
        assertThat(checkpoints.plannedBy).isEqualTo("explicit");
        assertThat(checkpoints.savedPlan).isEqualTo(explicit);
        assertThat(run.context().plan()).isEqualTo(explicit);
        assertThat(run.context().status()).isEqualTo(TaskStatus.PLANNING);
    }

    @Test
    void keepsAPlanCheckpointedBeforeARestart() {
        List<PlanStep> checkpointed = List.of(new PlanStep("text.summarize", Map.of(), null, null));
        TaskRun run = new TaskRun(new AgentContext(task(null), source(), TaskStatus.PLANNING, checkpointed,
                null, null, null, null));

        stage(2).plan(run);

        assertThat(models.requests).isEmpty();
        assertThat(checkpoints.transitions).isEmpty();
        assertThat(checkpoints.savedPlan).isNull();
        assertThat(run.context().plan()).isEqualTo(checkpointed);
    }

    @Test
    void plansWithTheModelsValidAnswerAndCountsItsUsage() {
        models.answers(VALID);
        TaskRun run = run(task(null), TaskStatus.PLANNING);

        stage(2).plan(run);

        assertThat(checkpoints.transitions).isEmpty();
        assertThat(models.requests).singleElement().satisfies(request -> {
            assertThat(request.purpose()).isEqualTo("plan");
            assertThat(request.taskId()).isEqualTo("t-1");
            assertThat(request.prompt()).isEqualTo(ShippedPrompts.text(ShippedPrompts.PLAN));
            assertThat(request.input().path("goal").asText()).isEqualTo("summarize what memory knows about kafka");
            assertThat(names(request.input().path("tools")))
                    .containsExactly("memory.search", "http.request", "text.summarize", "file.write");
        });
        assertThat(run.context().plan()).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(checkpoints.savedPlan).isEqualTo(run.context().plan());
        assertThat(checkpoints.plannedBy).isEqualTo("openai/gpt-test");
        assertThat(checkpoints.events).isEmpty();
        assertThat(run.context().usage()).isEqualTo(new Usage(1, 100, 20, new BigDecimal("0.01")));
    }

    @Test
    void offersThePlannerOnlyTheToolsTheTaskMayUse() {
        models.answers("[{\"tool\": \"memory.search\"}]");
        TaskRun run = run(task(List.of("memory.search", "file.write")), TaskStatus.PLANNING);

        stage(0).plan(run);

        assertThat(names(models.requests.get(0).input().path("tools"))).containsExactly("memory.search", "file.write");
    }

    @Test
    void sendsAnInvalidAnswerBackWithItsProblemsForARepair() {
        models.answers("Sure, here is my plan: search memory.");
        models.answers(VALID);
        TaskRun run = run(task(null), TaskStatus.PLANNING);

        stage(2).plan(run);

        assertThat(models.requests).hasSize(2);
        ModelRequest repair = models.requests.get(1);
        assertThat(repair.prompt()).isEqualTo(ShippedPrompts.text(ShippedPrompts.PLAN_REPAIR));
        assertThat(repair.purpose()).isEqualTo("plan");
        assertThat(repair.input().path("goal").asText()).isEqualTo("summarize what memory knows about kafka");
        assertThat(repair.input().path("previousAnswer").asText()).isEqualTo("Sure, here is my plan: search memory.");
        assertThat(repair.input().path("problems").path(0).path("field").asText()).isEqualTo("/");
        assertThat(models.requests.get(0).input().has("previousAnswer")).isFalse();
        assertThat(checkpoints.events).containsExactly("PLAN_INVALID");
        assertThat(run.context().plan()).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(checkpoints.plannedBy).isEqualTo("openai/gpt-test");
        assertThat(run.context().usage().modelCalls()).isEqualTo(2);
    }

    @Test
    void fallsBackToTheOfflinePlannerAfterTheLastRepairFails() {
        models.answers("no");
        models.answers("[]");
        models.answers("[{\"tool\": \"shell.exec\"}]");
        TaskRun run = run(task(null), TaskStatus.PLANNING);

        stage(2).plan(run);

        assertThat(models.requests).hasSize(3);
        assertThat(checkpoints.events).containsExactly("PLAN_INVALID", "PLAN_INVALID", "PLAN_FALLBACK");
        assertThat(checkpoints.plannedBy).isEqualTo("offline-planner (after 3 invalid plans from openai/gpt-test)");
        assertThat(run.context().plan()).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(run.context().usage().modelCalls()).isEqualTo(3);
    }

    @Test
    void asksOnlyOnceWithoutRepairs() {
        models.answers("not a plan");
        TaskRun run = run(task(null), TaskStatus.PLANNING);

        stage(0).plan(run);

        assertThat(models.requests).hasSize(1);
        assertThat(checkpoints.events).containsExactly("PLAN_FALLBACK");
        assertThat(checkpoints.plannedBy).startsWith("offline-planner (after 1 invalid plans");
    }

    @Test
    void failsPermanentlyWhenNoAllowedToolFitsTheGoal() {
        models.answers("not a plan");
        TaskRun run = run(new AgentTask("t-1", "paint a sunset",
                null, null, new TaskConstraints(null, null, null, List.of("http.request"), false), null), TaskStatus.PLANNING);

        assertThatThrownBy(() -> stage(0).plan(run))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.status()).isEqualTo(TaskStatus.FAILED))
                .hasMessageContaining("no allowed tool fits the goal");
        assertThat(checkpoints.savedPlan).isNull();
        assertThat(run.context().plan()).isNull();
    }

    private PlanStage stage(int maxRepairs) {
        return new PlanStage(models, PromptBook.shipped(), OPEN_POLICY, checkpoints, PLAN_CHECK, maxRepairs);
    }

    private static TaskRun run(AgentTask task, TaskStatus status) {
        return new TaskRun(new AgentContext(task, source(), status, null, null, null, null, null));
    }

    private static AgentTask task(List<String> allowedTools) {
        return new AgentTask("t-1", "summarize what memory knows about kafka", "acme", null,
                new TaskConstraints(null, null, null, allowedTools, false), null);
    }

    private static TaskSource source() {
        return new TaskSource(Channel.HTTP, "test", null);
    }

    private static List<String> names(JsonNode tools) {
        List<String> names = new ArrayList<>();
        tools.forEach(t -> names.add(t.path("name").asText()));
        return names;
    }

    /** Answers with the scripted texts in order, each costing one cent; records every request. */
    private static final class FakeModels implements ModelGateway {
        final Deque<String> texts = new ArrayDeque<>();
        final List<ModelRequest> requests = new ArrayList<>();

        void answers(String text) {
            texts.add(text);
        }

        @Override
        public ModelResponse call(ModelRequest request) {
            requests.add(request);
            String text = texts.poll();
            if (text == null) {
                throw new AssertionError("unexpected model call " + requests.size());
            }
            return new ModelResponse("openai", "gpt-test", text, 100, 20, new BigDecimal("0.01"), 5);
        }
    }

    /** Records what the stage checkpoints; touches no database. */
    private static final class RecordingCheckpoints extends CheckpointStore {
        final List<TaskStatus> transitions = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        List<PlanStep> savedPlan;
        String plannedBy;
        Map<String, Object> informedBy;

        RecordingCheckpoints() {
            super(null, "test-node");
        }

        @Override
        public void transition(String taskId, TaskStatus status, Map<String, Object> detail) {
            transitions.add(status);
        }

        @Override
        public void event(String taskId, String kind, String name, TaskStatus status, Object detail) {
            assertThat(kind).isEqualTo("plan");
            assertThat(detail).isInstanceOf(Map.class);
            events.add(name);
        }

        @Override
        public void savePlan(String taskId, List<PlanStep> plan, String planner, Map<String, Object> informedBy) {
            assertThat(savedPlan).as("plan saved once").isNull();
            savedPlan = plan;
            plannedBy = planner;
            this.informedBy = informedBy;
        }
    }
}
