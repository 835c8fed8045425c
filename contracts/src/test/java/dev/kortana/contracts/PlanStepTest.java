package dev.kortana.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanStepTest {

    @Test
    void rejectsBlankTool() {
        assertThatThrownBy(() -> new PlanStep(" ", Map.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool");
    }

    @Test
    void rejectsMissingTool() {
        assertThatThrownBy(() -> new PlanStep(null, Map.of(), null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("tool");
    }

    @Test
    void defaultsArgsAndDependsOnToEmpty() {
        PlanStep step = new PlanStep("text.summarize", null, null, null);

        assertThat(step.args()).isEmpty();
        assertThat(step.dependsOn()).isEmpty();
    }

    @Test
    void keepsArgumentOrderAndIsUnmodifiable() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("z", 1);
        args.put("a", 2);
        args.put("m", 3);

        PlanStep step = new PlanStep("t.x", args, "why", List.of(0));

        assertThat(step.args().keySet()).containsExactly("z", "a", "m");
        assertThatThrownBy(() -> step.args().put("b", 4)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(step.dependsOn()).containsExactly(0);
    }
}
