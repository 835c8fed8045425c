package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepArgumentsTest {

    private static final AgentTask TASK = new AgentTask("task-7", "find kafka outages", null, null, null, null);

    @Test
    void resolvesAnEarlierStepsOutputText() {
        AgentContext context = context(completed(0, Json.MAPPER.createObjectNode().put("text", "three outages").put("count", 3)));

        Map<String, Object> args = StepArguments.resolve(Map.of("text", "{{steps.0.output}}"), context, 1);

        assertThat(args).containsEntry("text", "three outages");
    }

    @Test
    void usesTheWholeJsonWhenTheOutputHasNoText() {
        AgentContext context = context(completed(0, Json.MAPPER.createObjectNode().put("count", 3)));

        assertThat(StepArguments.resolve(Map.of("text", "{{steps.0.output}}"), context, 1))
                .containsEntry("text", "{\"count\":3}");
    }

    @Test
    void resolvesGoalAndTaskIdInsideLongerText() {
        Map<String, Object> args = StepArguments.resolve(
                Map.of("path", "{{taskId}}.md", "query", "about: {{ goal }}"), context(), 0);

        assertThat(args).containsEntry("path", "task-7.md").containsEntry("query", "about: find kafka outages");
    }

    @Test
    void resolvesReferencesInNestedMapsAndLists() {
        Map<String, Object> args = StepArguments.resolve(
                Map.of("body", Map.of("ids", List.of("{{taskId}}", 4), "q", "{{goal}}")), context(), 0);

        assertThat(args.get("body")).isEqualTo(Map.of("ids", List.of("task-7", 4), "q", "find kafka outages"));
    }

    @Test
    void leavesOtherValuesAndUnknownPlaceholdersAlone() {
        Map<String, Object> args = StepArguments.resolve(Map.of("limit", 5, "flag", true, "text", "{{url}} {{previous}}"),
                context(), 0);

        assertThat(args).containsEntry("limit", 5).containsEntry("flag", true).containsEntry("text", "{{url}} {{previous}}");
    }

    @Test
    void keepsDollarsAndBackslashesOfOutputsLiterally() {
        AgentContext context = context(completed(0, new TextNode("cost $1 \\ path C:\\tmp")));

        assertThat(StepArguments.resolve(Map.of("text", "{{steps.0.output}}"), context, 1))
                .containsEntry("text", "cost $1 \\ path C:\\tmp");
    }

    @Test
    void doesNotResolveReferencesInsideAnOutput() {
        AgentContext context = context(completed(0, Json.MAPPER.createObjectNode().put("text", "see {{goal}}")));

        assertThat(StepArguments.resolve(Map.of("text", "{{steps.0.output}}"), context, 1)).containsEntry("text", "see {{goal}}");
    }

    @Test
    void failsOnAReferenceToTheStepItselfOrALaterOne() {
        AgentContext context = context(completed(0, new TextNode("x")), completed(1, new TextNode("y")));

        assertThatThrownBy(() -> StepArguments.resolve(Map.of("text", "{{steps.1.output}}"), context, 1))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("earlier step");
        assertThatThrownBy(() -> StepArguments.resolve(Map.of("text", "{{steps.2.output}}"), context, 1))
                .isInstanceOf(ToolFailure.class);
    }

    @Test
    void failsOnAReferenceToAStepThatFailed() {
        StepResult failed = new StepResult(0, "memory.search", StepStatus.FAILED, null, "boom", Instant.EPOCH, 1);

        assertThatThrownBy(() -> StepArguments.resolve(Map.of("text", "{{steps.0.output}}"), context(failed), 1))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not completed");
    }

    @Test
    void failsOnAReferenceToAStepThatHasNotRun() {
        assertThatThrownBy(() -> StepArguments.resolve(Map.of("text", "{{steps.0.output}}"), context(), 2))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not completed");
    }

    @Test
    void resolvesTheInputsAsTextAndNeverReadsTheGoalOrInputsForReferences() {
        AgentTask task = new AgentTask("task-8", "goal with {{taskId}}", null, Map.of("note", "see {{steps.0.output}}"),
                null, null);
        AgentContext context = new AgentContext(task, new TaskSource(Channel.HTTP, "api", null), TaskStatus.EXECUTING,
                null, null, List.of(), null, null);

        assertThat(StepArguments.resolve(Map.of("text", "{{goal}}\n\n{{inputs}}"), context, 0))
                .containsEntry("text", "goal with {{taskId}}\n\nsee {{steps.0.output}}");
    }

    @Test
    void givesTheStringInputsAsTextOrTheJsonWhenThereAreNone() {
        Map<String, Object> inputs = new java.util.LinkedHashMap<>();
        inputs.put("a", "first");
        inputs.put("n", 3);
        inputs.put("b", "second");

        assertThat(StepArguments.inputsText(new AgentTask("t-1", "summarize", null, inputs, null, null)))
                .isEqualTo("first\n\nsecond");
        assertThat(StepArguments.inputsText(new AgentTask("t-2", "summarize", null, Map.of("n", 3), null, null)))
                .isEqualTo("{\"n\":3}");
        assertThat(StepArguments.inputsText(TASK)).isEmpty();
    }

    @Test
    void readsOutputsAsText() {
        assertThat(StepArguments.asText(null)).isEmpty();
        assertThat(StepArguments.asText(Json.MAPPER.nullNode())).isEmpty();
        assertThat(StepArguments.asText(new TextNode("plain"))).isEqualTo("plain");
        assertThat(StepArguments.asText(Json.MAPPER.createObjectNode().put("text", 5))).isEqualTo("{\"text\":5}");
    }

    private static AgentContext context(StepResult... steps) {
        return new AgentContext(TASK, new TaskSource(Channel.FILE, "task.json", null), TaskStatus.EXECUTING, null, null,
                List.of(steps), null, null);
    }

    private static StepResult completed(int index, JsonNode output) {
        return new StepResult(index, "memory.search", StepStatus.COMPLETED, output, null, Instant.EPOCH, 1);
    }
}
