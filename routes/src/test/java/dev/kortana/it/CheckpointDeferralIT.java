package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.TaskSource;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.store.CheckpointStore;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.LeaseLostException;
import dev.kortana.processors.store.TaskStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Events and transitions kept for a task's next write, on real PostgreSQL: in its transaction, in order, never stray. */
class CheckpointDeferralIT {

    static String schema = TestDatabase.newSchema();
    static Database db = TestStore.migrated(schema);
    static TaskStore tasks = new TaskStore(db);
    static CheckpointStore worker = new CheckpointStore(db, "worker-a");

    @AfterAll
    static void drop() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void startingATaskClaimsItMovesItToPlanningAndLoadsItInOneTransaction() {
        String id = accept("start-1", null);

        var claimed = worker.claimAndLoad(id, Duration.ofMinutes(5)).orElseThrow();

        assertThat(claimed.context().status()).isEqualTo(TaskStatus.PLANNING);
        assertThat(claimed.unstarted()).isTrue();
        assertThat(column("SELECT lease_owner FROM tasks WHERE id = '" + id + "'")).containsExactly("worker-a");
        assertThat(names(id)).containsExactly("ACCEPTED", "PLANNING");
        assertThat(new CheckpointStore(db, "worker-b").claimAndLoad(id, Duration.ofMinutes(5))).as("held by worker-a").isEmpty();
    }

    @Test
    void deferredEventsAndTransitionsGoIntoTheNextWriteInOrder() {
        String id = accept("order-1", "worker-a");
        worker.eventWithNextWrite(id, "policy", "POLICY_ALLOWED", TaskStatus.PLANNING, Map.of());
        worker.transitionWithNextWrite(id, TaskStatus.EXECUTING, Map.of("steps", 1));
        assertThat(names(id)).as("nothing written yet").containsExactly("ACCEPTED");

        worker.event(id, "step", "STEP_STARTED", TaskStatus.EXECUTING, Map.of("step", 0));

        assertThat(names(id)).containsExactly("ACCEPTED", "POLICY_ALLOWED", "EXECUTING", "STEP_STARTED");
        assertThat(column("SELECT count(DISTINCT xmin::text) FROM task_events WHERE task_id = '" + id + "' AND name <> 'ACCEPTED'"))
                .as("one transaction").containsExactly("1");
        assertThat(column("SELECT status FROM tasks WHERE id = '" + id + "'")).containsExactly("EXECUTING");
    }

    @Test
    void whatWaitsWhenTheRunEndsIsWrittenAndWhatWaitsForALostTaskIsDropped() {
        String id = accept("left-1", "worker-a");
        worker.eventWithNextWrite(id, "memory", "MEMORY_UPDATED", TaskStatus.EXECUTING, Map.of());
        worker.writeDeferred(id);
        assertThat(names(id)).containsExactly("ACCEPTED", "MEMORY_UPDATED");

        db.update("UPDATE tasks SET lease_owner = NULL WHERE id = ?", id); // parked or put aside meanwhile
        worker.transitionWithNextWrite(id, TaskStatus.VALIDATING, Map.of());
        worker.eventWithNextWrite(id, "policy", "POLICY_ALLOWED", TaskStatus.EXECUTING, Map.of());
        worker.writeDeferred(id);

        assertThat(names(id)).containsExactly("ACCEPTED", "MEMORY_UPDATED");
        assertThat(column("SELECT status FROM tasks WHERE id = '" + id + "'")).containsExactly("ACCEPTED");
        db.update("UPDATE tasks SET lease_owner = 'worker-a' WHERE id = ?", id);
        worker.writeDeferred(id); // nothing is left for it
        assertThat(names(id)).hasSize(2);
    }

    @Test
    void aWriteThatLosesTheLeaseWritesNoneOfWhatWaited() {
        String id = accept("lost-1", "worker-b");
        worker.transitionWithNextWrite(id, TaskStatus.VALIDATING, Map.of());

        assertThatThrownBy(() -> worker.transition(id, TaskStatus.REFLECTING, Map.of())).isInstanceOf(LeaseLostException.class);

        assertThat(names(id)).containsExactly("ACCEPTED");
    }

    @Test
    void anEventThatWaitedIsNotWrittenByAWorkerThatLostTheTask() {
        String id = accept("lost-2", "worker-b");
        worker.eventWithNextWrite(id, "memory", "MEMORY_UPDATED", TaskStatus.EXECUTING, Map.of());

        assertThatThrownBy(() -> worker.event(id, "step", "STEP_STARTED", TaskStatus.EXECUTING, Map.of()))
                .isInstanceOf(LeaseLostException.class);

        assertThat(names(id)).containsExactly("ACCEPTED");
    }

    private static String accept(String id, String node) {
        return tasks.accept(new AgentTask(id, "goal of " + id, "deferral", null, null, null), "hash-" + id,
                new TaskSource(Channel.HTTP, null, null), node, Duration.ofMinutes(5)).key();
    }

    private static List<String> names(String id) {
        return column("SELECT name FROM task_events WHERE task_id = '" + id + "' ORDER BY seq");
    }

    private static List<String> column(String sql) {
        return db.query(sql, rs -> rs.getString(1));
    }
}
