package dev.kortana.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentTaskTest {

    @Test
    void rejectsBlankGoal() {
        assertThatThrownBy(() -> new AgentTask(null, "   \t", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("goal");
    }

    @Test
    void rejectsMissingGoalNamingTheField() {
        assertThatThrownBy(() -> new AgentTask(null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("goal");
    }

    @Test
    void fillsDefaultTenantEmptyInputsAndNoConstraints() {
        AgentTask task = new AgentTask(null, "do it", null, null, null, null);

        assertThat(task.tenant()).isEqualTo(AgentTask.DEFAULT_TENANT).isEqualTo("default");
        assertThat(task.inputs()).isEmpty();
        assertThat(task.constraints()).isSameAs(TaskConstraints.NONE);
        assertThat(task.plan()).isNull();
    }

    @Test
    void keepsAGivenTenant() {
        assertThat(new AgentTask(null, "do it", "acme", null, null, null).tenant()).isEqualTo("acme");
    }

    @Test
    void copiesInputsSoLaterChangesToTheCallersMapDoNotLeakIn() {
        Map<String, Object> inputs = new HashMap<>();
        inputs.put("topic", "kafka");
        AgentTask task = new AgentTask(null, "do it", null, inputs, null, null);

        inputs.put("topic", "changed");

        assertThat(task.inputs()).containsEntry("topic", "kafka");
        assertThatThrownBy(() -> task.inputs().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copiesThePlanIntoAnUnmodifiableList() {
        AgentTask task = new AgentTask(null, "do it", null, null, null,
                List.of(new PlanStep("text.summarize", null, null, null)));

        assertThat(task.plan()).extracting(PlanStep::tool).containsExactly("text.summarize");
        assertThatThrownBy(() -> task.plan().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withIdKeepsEverythingButTheId() {
        AgentTask task = new AgentTask(null, "do it", "acme", Map.of("a", 1), TaskConstraints.NONE, null);

        AgentTask renamed = task.withId("task-1");

        assertThat(renamed.id()).isEqualTo("task-1");
        assertThat(renamed).isEqualTo(new AgentTask("task-1", "do it", "acme", Map.of("a", 1), TaskConstraints.NONE, null));
        assertThat(task.id()).isNull();
    }
}
