package dev.kortana.processors.store;

import dev.kortana.contracts.AgentContext;
import dev.kortana.contracts.AgentOutcome;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.PlanStep;
import dev.kortana.contracts.StepResult;
import dev.kortana.contracts.StepStatus;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.contracts.Usage;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's durable progress: transitions, plan, step checkpoints and outcome. Every write is fenced by the
 * lease: a worker that lost its lease gets {@link LeaseLostException} instead of overwriting the new owner's work.
 *
 * <p>What happens right before another write of the same task — a policy verdict before execution starts, validation
 * before memory and reflection — need not be a commit of its own: {@link #eventWithNextWrite} and
 * {@link #transitionWithNextWrite} keep it until the task's next write here and make it part of that transaction, in
 * order. A crash in between loses it together with the progress it announced, which the resumed task makes again.
 */
public class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final Database db;
    private final String node;
    private final PendingWrites pending = new PendingWrites();

    /** Writes as worker {@code node}, which must hold the lease of every task it touches. */
    public CheckpointStore(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    /**
     * A task this worker took.
     *
     * @param unstarted it was ACCEPTED when taken (a task that had not started yet is moved to PLANNING then)
     */
    public record Claimed(AgentContext context, boolean unstarted) {}

    /**
     * Takes the task's lease and loads it, in one transaction; a task that has not started yet moves to PLANNING in
     * it too, so its first stage need not write again. Empty when another worker holds the task or it has ended.
     */
    public Optional<Claimed> claimAndLoad(String taskId, Duration lease) {
        return write(taskId, s -> {
            if (!LeaseStore.claim(s, taskId, node, lease)) {
                return Optional.empty();
            }
            boolean started = s.update("UPDATE tasks SET status = 'PLANNING' WHERE id = ? AND status = 'ACCEPTED'"
                    + " AND plan IS NULL AND outcome IS NULL", taskId) == 1;
            if (started) {
                TaskStore.appendEvent(s, taskId, "status", TaskStatus.PLANNING.name(), TaskStatus.PLANNING, Map.of(), node);
            }
            return load(s, taskId).map(c -> new Claimed(c, started || c.status() == TaskStatus.ACCEPTED));
        });
    }

    /** The task's step checkpoints, in step order. */
    public List<StepResult> steps(String taskId) {
        return db.query(STEPS, CheckpointStore::step, taskId);
    }

    /** Loads everything checkpointed so far, as the context a resumed pipeline starts from. */
    public Optional<AgentContext> load(String taskId) {
        return db.inTransaction(s -> load(s, taskId));
    }

    private static Optional<AgentContext> load(Database.Session s, String taskId) throws SQLException {
        Optional<TaskRecord> record = s.queryOne("SELECT " + TaskStore.COLUMNS + " FROM tasks WHERE id = ?",
                TaskStore::toRecord, taskId);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        List<StepResult> steps = s.query(STEPS, CheckpointStore::step, taskId);
        TaskRecord r = record.get();
        Usage usage = r.outcome() == null ? Usage.NONE : r.outcome().usage();
        return Optional.of(new AgentContext(r.task(), r.source(), r.status(), r.plan(), List.of(), steps, usage, r.outcome()));
    }

    /** Moves a live task to {@code status}, recording the transition. */
    public void transition(String taskId, TaskStatus status, Map<String, Object> detail) {
        write(taskId, s -> {
            transition(s, taskId, status, detail);
            return null;
        });
    }

    /** As {@link #transition}, written with the task's next write (see the class comment). */
    public void transitionWithNextWrite(String taskId, TaskStatus status, Map<String, Object> detail) {
        pending.add(taskId, new PendingWrites.Pending("status", status.name(), status, detail, true));
    }

    /** Records an event that does not change the status. */
    public void event(String taskId, String kind, String name, TaskStatus status, Object detail) {
        write(taskId, s -> {
            TaskStore.appendEvent(s, taskId, kind, name, status, detail, node);
            return null;
        });
    }

    /** As {@link #event}, written with the task's next write (see the class comment). */
    public void eventWithNextWrite(String taskId, String kind, String name, TaskStatus status, Object detail) {
        pending.add(taskId, new PendingWrites.Pending(kind, name, status, detail, false));
    }

    /**
     * Writes what still waits for a next write of the task (its run ended without one, e.g. parked), while this worker
     * still holds the task; what waits for a task the worker lost is dropped: its new owner makes it again. Nothing is
     * left behind for the task on this worker.
     */
    public void writeDeferred(String taskId) {
        List<PendingWrites.Pending> waiting = pending.take(taskId);
        if (waiting == null) {
            return;
        }
        try {
            db.inTransaction(s -> {
                if (s.update(HOLD, taskId, node) == 1) {
                    writePending(s, taskId, waiting);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Task {}: {} events were not written: {}", taskId, waiting.size(), e.toString());
        }
    }

    public void savePlan(String taskId, List<PlanStep> plan, String planner) {
        savePlan(taskId, plan, planner, Map.of());
    }

    /** Saves the plan; the PLANNED event names the planner, the tools and what else informed the plan ({@code informedBy}). */
    public void savePlan(String taskId, List<PlanStep> plan, String planner, Map<String, Object> informedBy) {
        write(taskId, s -> {
            fence(s, "UPDATE tasks SET plan = CAST(? AS jsonb), updated_at = now() WHERE id = ? AND lease_owner = ?",
                    taskId, TaskStore.toJson(plan), taskId, node);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("planner", planner);
            detail.put("tools", plan.stream().map(PlanStep::tool).toList());
            if (!informedBy.isEmpty()) {
                detail.put("informedBy", informedBy);
            }
            TaskStore.appendEvent(s, taskId, "plan", "PLANNED", TaskStatus.PLANNING, detail, node);
            return null;
        });
    }

    /** Checkpoints a finished step; a resumed task never runs a completed step again. */
    public void saveStep(String taskId, TaskStatus status, StepResult step) {
        write(taskId, s -> {
            fence(s, "UPDATE tasks SET updated_at = now() WHERE id = ? AND lease_owner = ?", taskId, taskId, node);
            // A checkpoint whose commit was acknowledged too late to be seen is kept; the first one stands.
            int saved = s.update("INSERT INTO steps (task_id, step_index, tool, status, output, error, started_at, duration_ms, node)"
                            + " VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?) ON CONFLICT (task_id, step_index) DO NOTHING",
                    taskId, step.index(), step.tool(), step.status(),
                    step.output() == null ? null : TaskStore.toJson(step.output()), step.error(), step.startedAt(),
                    step.durationMs(), node);
            if (saved == 0) {
                return null;
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("step", step.index());
            detail.put("tool", step.tool());
            detail.put("durationMs", step.durationMs());
            if (step.error() != null) {
                detail.put("error", step.error());
            }
            TaskStore.appendEvent(s, taskId, "step", step.completed() ? "STEP_COMPLETED" : "STEP_FAILED", status, detail, node);
            return null;
        });
    }

    /** Stores the outcome before it is published, so a crash in between publishes it again rather than losing it. */
    public AgentOutcome saveOutcome(String taskId, AgentOutcome outcome) {
        // The human actions the task had (approvals, rejections, replays, cancels, reconciliations) are counted on the
        // task row by the transactions that record them; the outcome takes that count in the same statement.
        return write(taskId, s -> s.queryOne("UPDATE tasks SET outcome = jsonb_set(CAST(? AS jsonb), '{humanInterventions}',"
                                + " to_jsonb(human_actions)), status_reason = ?, updated_at = now()"
                                + " WHERE id = ? AND lease_owner = ? RETURNING human_actions",
                        rs -> rs.getInt(1), Json.MAPPER.valueToTree(outcome).toString(), outcome.reason(), taskId, node)
                .map(outcome::withHumanInterventions)
                .orElseThrow(() -> new LeaseLostException(taskId, node)));
    }

    /** Ends the task in its outcome's status and releases the lease. */
    public void finish(String taskId, AgentOutcome outcome) {
        write(taskId, s -> {
            fence(s, "UPDATE tasks SET status = ?, lease_owner = NULL, lease_until = NULL, updated_at = now()"
                    + " WHERE id = ? AND lease_owner = ?", taskId, outcome.status(), taskId, node);
            Map<String, Object> detail = new LinkedHashMap<>();
            if (outcome.reason() != null) {
                detail.put("reason", outcome.reason());
            }
            TaskStore.appendEvent(s, taskId, "status", outcome.status().name(), outcome.status(), detail, node);
            // An ended task waits for no decision: requests of other steps leave the approvals list.
            s.update("UPDATE approvals SET status = 'SUPERSEDED', comment = ? WHERE task_id = ? AND status = 'PENDING'",
                    "the task ended " + outcome.status(), taskId);
            return null;
        });
    }

    private static final String STEPS = "SELECT step_index, tool, status, output, error, started_at, duration_ms FROM steps"
            + " WHERE task_id = ? ORDER BY step_index";

    private static StepResult step(java.sql.ResultSet rs) throws SQLException {
        return new StepResult(rs.getInt("step_index"), rs.getString("tool"), StepStatus.valueOf(rs.getString("status")),
                TaskStore.readTree(rs.getString("output")), rs.getString("error"), Database.instant(rs, "started_at"),
                rs.getLong("duration_ms"));
    }

    private void transition(Database.Session s, String taskId, TaskStatus status, Object detail) throws SQLException {
        fence(s, "UPDATE tasks SET status = ?, updated_at = now() WHERE id = ? AND lease_owner = ?", taskId, status, taskId, node);
        TaskStore.appendEvent(s, taskId, "status", status.name(), status, detail, node);
    }

    /** Holds the task's row for this worker (fenced by the lease) before what waited is written. */
    private static final String HOLD = "UPDATE tasks SET updated_at = now() WHERE id = ? AND lease_owner = ?";

    private void writePending(Database.Session s, String taskId, List<PendingWrites.Pending> waiting) throws SQLException {
        for (PendingWrites.Pending d : waiting) {
            if (d.transition()) {
                transition(s, taskId, d.status(), d.detail());
            } else {
                TaskStore.appendEvent(s, taskId, d.kind(), d.name(), d.status(), d.detail(), node);
            }
        }
    }

    /**
     * Runs {@code work} in a transaction that first writes what waits for the task's next write. When it fails for
     * another reason than a lost lease, what waited is put back for the next try.
     */
    private <T> T write(String taskId, Database.TransactionWork<T> work) {
        List<PendingWrites.Pending> waiting = pending.take(taskId);
        try {
            return db.inTransaction(s -> {
                if (waiting != null) {
                    fence(s, HOLD, taskId, taskId, node); // the task's row first: events of a lost task are not written
                    writePending(s, taskId, waiting);
                }
                return work.run(s);
            });
        } catch (LeaseLostException e) {
            throw e; // the new owner runs the stages again, and writes their events
        } catch (RuntimeException e) {
            if (waiting != null) {
                pending.putBack(taskId, waiting);
            }
            throw e;
        }
    }

    private void fence(Database.Session s, String sql, String taskId, Object... params)
            throws SQLException {
        if (s.update(sql, params) != 1) {
            throw new LeaseLostException(taskId, node);
        }
    }
}
