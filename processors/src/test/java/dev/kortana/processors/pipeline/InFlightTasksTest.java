package dev.kortana.processors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightTasksTest {

    private final InFlightTasks inFlight = new InFlightTasks();

    @Test
    void firstHoldWinsAndASecondHoldOfTheSameTaskLoses() {
        assertThat(inFlight.hold("t-1")).isTrue();
        assertThat(inFlight.hold("t-1")).isFalse();
        assertThat(inFlight.size()).isEqualTo(1);
    }

    @Test
    void releasedTaskCanBeHeldAgain() {
        inFlight.hold("t-1");
        inFlight.release("t-1");

        assertThat(inFlight.size()).isZero();
        assertThat(inFlight.hold("t-1")).isTrue();
    }

    @Test
    void releasingATaskNotHeldChangesNothing() {
        inFlight.hold("t-1");
        inFlight.release("t-2");

        assertThat(inFlight.snapshot()).containsExactly("t-1");
    }

    @Test
    void holdsTasksIndependently() {
        inFlight.hold("t-1");
        inFlight.hold("t-2");
        inFlight.release("t-1");

        assertThat(inFlight.snapshot()).containsExactly("t-2");
        assertThat(inFlight.hold("t-2")).isFalse();
    }

    @Test
    void snapshotIsACopyUnaffectedByLaterChanges() {
        inFlight.hold("t-1");
        List<String> snapshot = inFlight.snapshot();

        inFlight.hold("t-2");
        inFlight.release("t-1");

        assertThat(snapshot).containsExactly("t-1");
        assertThat(inFlight.snapshot()).containsExactly("t-2");
    }
}
