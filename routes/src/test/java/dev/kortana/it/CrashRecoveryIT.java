package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.contracts.Usage;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.TaskStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker died mid-task (its state is written here as that worker would have left it, with an expired lease);
 * a fresh Kor'tana must claim the tasks and continue each one after its last checkpoint.
 */
class CrashRecoveryIT {

    private static final String DEAD = "dead-worker";

    @TempDir
    static Path dataDir;

    static String schema = TestDatabase.newSchema();
    static RunningKortana app;

    @BeforeAll
    static void crashThenStart() throws Exception {
        Database db = TestStore.migrated(schema);
        TaskStore tasks = new TaskStore(db);
        CheckpointStore dead = new CheckpointStore(db, DEAD);
        TaskSource http = new TaskSource(Channel.HTTP, "test", null);

        // 1. Died during step 1: step 0 has a checkpoint whose output only the dead worker could have produced.
        List<PlanStep> plan = List.of(
                new PlanStep("memory.search", Map.of("query", "kafka"), null, null),
                new PlanStep("text.summarize", Map.of("text", "{{steps.0.output}}"), null, List.of(0)),
                new PlanStep("file.write", Map.of("path", "resumed.md", "content", "{{steps.1.output}}"), null, List.of(1)));
        AgentTask midStep = new AgentTask("crashed-mid-step", "resume me", null, null, null, plan);
        tasks.accept(midStep, "h1", http, DEAD, Duration.ofMillis(1));
        dead.transition(midStep.id(), TaskStatus.PLANNING, Map.of());
        dead.savePlan(midStep.id(), plan, "explicit");
        dead.transition(midStep.id(), TaskStatus.EXECUTING, Map.of());
        dead.event(midStep.id(), "step", "STEP_STARTED", TaskStatus.EXECUTING, Map.of("step", 0));
        dead.saveStep(midStep.id(), TaskStatus.EXECUTING, new StepResult(0, "memory.search", StepStatus.COMPLETED,
                Json.MAPPER.readTree("{\"text\":\"Checkpointed before the crash.\",\"count\":1}"), null, Instant.now(), 5));
        dead.event(midStep.id(), "step", "STEP_STARTED", TaskStatus.EXECUTING, Map.of("step", 1));

        // 2. Died after recording the outcome of a file task, before publishing it.
        AgentTask beforePublish = new AgentTask("crashed-before-publish", "publish me", null, null, null, null);
        tasks.accept(beforePublish, "h2", new TaskSource(Channel.FILE, "publish-me.json", null), DEAD, Duration.ofMillis(1));
        dead.saveOutcome(beforePublish.id(), new AgentOutcome(beforePublish.id(), TaskStatus.COMPLETED, "publish me",
                "the recorded result", null, List.of(), "reflection", Usage.NONE, 0, Instant.now()));

        // 3. Accepted, never started.
        tasks.accept(new AgentTask("crashed-before-start", "summarize what memory knows about recovery", null, null, null, null),
                "h3", http, DEAD, Duration.ofMillis(1));

        // 4. Died after checkpointing a failed step, before ending the task.
        List<PlanStep> failing = List.of(
                new PlanStep("file.write", Map.of("path", "../out.txt", "content", "x"), null, null),
                new PlanStep("text.summarize", Map.of("text", "never"), null, null));
        AgentTask failedStep = new AgentTask("crashed-after-failed-step", "fail once", null, null, null, failing);
        tasks.accept(failedStep, "h4", http, DEAD, Duration.ofMillis(1));
        dead.savePlan(failedStep.id(), failing, "explicit");
        dead.transition(failedStep.id(), TaskStatus.EXECUTING, Map.of());
        dead.saveStep(failedStep.id(), TaskStatus.EXECUTING, new StepResult(0, "file.write", StepStatus.FAILED, null,
                "path '../out.txt' leads out of the sandbox folder", Instant.now(), 1));

        // 5. A recorded outcome that can never be published: its outbox path is taken by a folder.
        AgentTask undeliverable = new AgentTask("undeliverable", "publish me if you can", null, null, null, null);
        tasks.accept(undeliverable, "h5", new TaskSource(Channel.FILE, "undeliverable.json", null), DEAD, Duration.ofMillis(1));
        dead.saveOutcome(undeliverable.id(), new AgentOutcome(undeliverable.id(), TaskStatus.COMPLETED, "publish me if you can",
                "done", null, List.of(), "reflection", Usage.NONE, 0, Instant.now()));
        Files.createDirectories(dataDir.resolve("outbox/undeliverable.json/blocker"));

        app = RunningKortana.start(dataDir, schema, Map.of(
                "kortana.lease.sweep-delay-ms", "0",
                "kortana.lease.sweep-ms", "200"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        TestDatabase.dropSchema(schema);
    }

    @Test
    void taskInterruptedMidStepContinuesAfterItsLastCompletedStep() throws Exception {
        JsonNode task = app.awaitTerminal("crashed-mid-step");

        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(startsOf("crashed-mid-step", 0)).isEqualTo(1);
        assertThat(startsOf("crashed-mid-step", 1)).isEqualTo(2); // interrupted once, then run to completion
        assertThat(startsOf("crashed-mid-step", 2)).isEqualTo(1);
        assertThat(Files.readString(dataDir.resolve("outbox/files/resumed.md"))).isEqualTo("Checkpointed before the crash.");
        assertThat(TestStore.rows(schema, "SELECT detail->>'previousOwner' FROM task_events"
                + " WHERE task_id = 'crashed-mid-step' AND name = 'RECLAIMED'")).containsExactly(DEAD);
    }

    @Test
    void recordedOutcomeIsPublishedAfterRestart() throws Exception {
        Path outbox = dataDir.resolve("outbox/crashed-before-publish.json");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox));

        assertThat(Json.MAPPER.readTree(outbox.toFile()).path("result").asText()).isEqualTo("the recorded result");
        assertThat(app.awaitTerminal("crashed-before-publish").path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void acceptedTaskThatNeverStartedRunsToCompletion() {
        JsonNode task = app.awaitTerminal("crashed-before-start");

        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("steps")).isNotEmpty();
    }

    @Test
    void aStepThatFailedBeforeTheCrashIsNotRunAgain() throws Exception {
        JsonNode task = app.awaitTerminal("crashed-after-failed-step");

        assertThat(task.path("status").asText()).isEqualTo("FAILED");
        assertThat(task.path("reason").asText()).contains("step 0 (file.write) failed").contains("sandbox");
        assertThat(startsOf("crashed-after-failed-step", 0)).isZero();
        assertThat(startsOf("crashed-after-failed-step", 1)).isZero();
        assertThat(TestStore.count(schema, "SELECT count(*) FROM dead_letters WHERE task_id = 'crashed-after-failed-step'")).isZero();
    }

    @Test
    void anOutcomeThatCannotBePublishedEndsTheTaskMarkedUndelivered() throws Exception {
        JsonNode task = app.awaitTerminal("undeliverable");

        assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("outcome").path("result").asText()).isEqualTo("done");
        assertThat(TestStore.rows(schema, "SELECT name FROM task_events WHERE task_id = 'undeliverable' AND kind = 'error'"))
                .containsExactly("OUTCOME_UNDELIVERED");
        assertThat(TestStore.rows(schema, "SELECT failed_route FROM dead_letters WHERE task_id = 'undeliverable'"))
                .containsExactly("pipeline-publish");
    }

    private static long startsOf(String taskId, int step) throws Exception {
        return TestStore.count(schema, "SELECT count(*) FROM task_events WHERE task_id = '" + taskId
                + "' AND name = 'STEP_STARTED' AND (detail->>'step')::int = " + step);
    }
}
