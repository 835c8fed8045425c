package dev.kortana.processors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepOrderTest {

    @Test
    void stepsWithoutDependenciesAreAllReadyAtOnce() {
        AgentContext context = context(List.of(step(Map.of("query", "kafka")), step(Map.of("url", "https://a.example")),
                step(Map.of())));

        assertThat(StepOrder.ready(context)).containsExactly(0, 1, 2);
    }

    @Test
    void aReferenceInsideNestedMapsAndListsMakesADependency() {
        PlanStep nested = step(Map.of("body", Map.of("items", List.of("plain", Map.of("text", "see {{ steps.0.output }}")))));
        AgentContext context = context(List.of(step(Map.of()), nested, step(Map.of())));

        assertThat(StepOrder.dependencies(nested)).containsExactly(0);
        assertThat(StepOrder.ready(context)).containsExactly(0, 2);
    }

    @Test
    void everyReferenceInOneStringIsADependency() {
        PlanStep both = step(Map.of("text", "{{steps.2.output}} and then {{steps.0.output}}"));

        assertThat(StepOrder.dependencies(both)).containsExactly(0, 2);
    }

    @Test
    void textThatOnlyLooksLikeAReferenceIsNot() {
        PlanStep step = step(Map.of("text", "{{steps.x.output}} {{ goal }} steps.0.output", "n", 3));

        assertThat(StepOrder.dependencies(step)).isEmpty();
    }

    @Test
    void dependsOnMakesADependency() {
        AgentContext context = context(List.of(step(Map.of()), step(Map.of(), 0)));

        assertThat(StepOrder.ready(context)).containsExactly(0);
    }

    @Test
    void completedStepsAreNotReturned() {
        AgentContext context = context(List.of(step(Map.of()), step(Map.of()), step(Map.of())), completed(1));

        assertThat(StepOrder.ready(context)).containsExactly(0, 2);
    }

    @Test
    void aStepBecomesReadyOnceAllItsDependenciesComplete() {
        List<PlanStep> plan = List.of(step(Map.of()), step(Map.of()),
                step(Map.of("text", "{{steps.1.output}}"), 0));

        assertThat(StepOrder.ready(context(plan))).containsExactly(0, 1);
        assertThat(StepOrder.ready(context(plan, completed(0)))).containsExactly(1);
        assertThat(StepOrder.ready(context(plan, completed(0), completed(1)))).containsExactly(2);
        assertThat(StepOrder.ready(context(plan, completed(0), completed(1), completed(2)))).isEmpty();
    }

    @Test
    void aFailedDependencyDoesNotReleaseTheStepsThatNeedIt() {
        List<PlanStep> plan = List.of(step(Map.of()), step(Map.of(), 0));
        StepResult failed = new StepResult(0, "memory.search", StepStatus.FAILED, null, "boom", Instant.EPOCH, 1);

        assertThat(StepOrder.ready(context(plan, failed))).containsExactly(0);
    }

    private static PlanStep step(Map<String, Object> args, Integer... dependsOn) {
        return new PlanStep("memory.search", args, null, Arrays.asList(dependsOn));
    }

    private static StepResult completed(int index) {
        return new StepResult(index, "memory.search", StepStatus.COMPLETED, Json.MAPPER.createObjectNode().put("text", "out"),
                null, Instant.EPOCH, 1);
    }

    private static AgentContext context(List<PlanStep> plan, StepResult... steps) {
        AgentTask task = new AgentTask("t-1", "find things", null, null, null, null);
        return new AgentContext(task, new TaskSource(Channel.HTTP, "test", null), TaskStatus.EXECUTING, plan, null,
                List.of(steps), null, null);
    }
}
