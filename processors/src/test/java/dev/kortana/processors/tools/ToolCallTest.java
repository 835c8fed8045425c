package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCallTest {

    @Test
    void numberFallsBackWhenAbsent() {
        assertThat(call(Map.of()).number("limit", 5, 1, 50)).isEqualTo(5);
    }

    @Test
    void numberAcceptsBothBoundsInclusive() {
        assertThat(call(Map.of("limit", 1)).number("limit", 5, 1, 50)).isEqualTo(1);
        assertThat(call(Map.of("limit", 50)).number("limit", 5, 1, 50)).isEqualTo(50);
    }

    @Test
    void numberAcceptsWholeValuesOfAnyNumericType() {
        assertThat(call(Map.of("limit", 7L)).number("limit", 5, 1, 50)).isEqualTo(7);
        assertThat(call(Map.of("limit", 7.0)).number("limit", 5, 1, 50)).isEqualTo(7);
        assertThat(call(Map.of("limit", new BigDecimal("7"))).number("limit", 5, 1, 50)).isEqualTo(7);
    }

    @Test
    void numberRejectsValuesBelowOrAboveTheBounds() {
        assertThatThrownBy(() -> call(Map.of("limit", 0)).number("limit", 5, 1, 50))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("between 1 and 50")
                .hasMessageContaining("not 0");
        assertThatThrownBy(() -> call(Map.of("limit", 51)).number("limit", 5, 1, 50))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not 51");
    }

    @Test
    void numberRejectsFractionsAndNonNumbers() {
        assertThatThrownBy(() -> call(Map.of("limit", 2.5)).number("limit", 5, 1, 50))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> call(Map.of("limit", "3")).number("limit", 5, 1, 50))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> call(Map.of("limit", Double.NaN)).number("limit", 5, 1, 50))
                .isInstanceOf(ToolFailure.class);
    }

    @Test
    void textReturnsANonEmptyString() {
        assertThat(call(Map.of("q", "kafka")).text("q")).isEqualTo("kafka");
    }

    @Test
    void textRejectsMissingBlankOrNonStringArguments() {
        assertThatThrownBy(() -> call(Map.of()).text("q")).isInstanceOf(ToolFailure.class).hasMessageContaining("'q'");
        assertThatThrownBy(() -> call(Map.of("q", "  ")).text("q")).isInstanceOf(ToolFailure.class);
        assertThatThrownBy(() -> call(Map.of("q", 3)).text("q")).isInstanceOf(ToolFailure.class);
    }

    private static ToolCall call(Map<String, Object> args) {
        return new ToolCall("t-1", "default", 0, args);
    }
}
