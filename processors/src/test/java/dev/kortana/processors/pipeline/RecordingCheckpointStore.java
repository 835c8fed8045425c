package dev.kortana.processors.pipeline;

import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.CheckpointStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/** Records what the execute stage checkpoints, from any thread; touches no database. */
final class RecordingCheckpointStore extends CheckpointStore {

    final List<TaskStatus> transitions = new CopyOnWriteArrayList<>();
    /** The transitions among them that wait for the task's next write. */
    final List<TaskStatus> deferred = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<StepResult> saved = new CopyOnWriteArrayList<>();
    /** Runs on the step's own thread when a step starts, with its index; tests use it to order parallel steps. */
    volatile IntConsumer onStepStarted = step -> { };

    RecordingCheckpointStore() {
        super(null, "node-a");
    }

    @Override
    public void transition(String taskId, TaskStatus status, Map<String, Object> detail) {
        transitions.add(status);
    }

    @Override
    public void transitionWithNextWrite(String taskId, TaskStatus status, Map<String, Object> detail) {
        transitions.add(status); // in order with the others, as the next write would put it
        deferred.add(status);
    }

    @Override
    public void eventWithNextWrite(String taskId, String kind, String name, TaskStatus status, Object detail) {
        events.add(name);
    }

    @Override
    public void writeDeferred(String taskId) {
        // nothing waits here
    }

    @Override
    public void event(String taskId, String kind, String name, TaskStatus status, Object detail) {
        events.add(name);
        if (name.equals("STEP_STARTED")) {
            onStepStarted.accept((Integer) ((Map<?, ?>) detail).get("step"));
        }
    }

    @Override
    public void saveStep(String taskId, TaskStatus status, StepResult step) {
        saved.add(step);
    }
}
