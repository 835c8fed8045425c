package dev.kortana.processors.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.processors.store.DeadLetterStore;
import dev.kortana.processors.store.ToolCallLedger;
import dev.kortana.processors.store.ToolWaitStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a dead letter safely. The task is reopened and resumes from its checkpoints, so completed steps are not
 * redone, and the idempotency ledger answers for completed calls. A call whose outcome is unknown is never repeated
 * blindly: the replay must say whether it took effect ({@code resolve} {@code done} or {@code not-done}).
 */
public class DeadLetterReplay {

    /** Why a replay cannot happen; {@link #status()} is the HTTP status that says so. */
    public static class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final DeadLetterStore deadLetters;
    private final ToolCallLedger ledger;
    private final ToolWaitStore waits;
    private final java.util.function.Predicate<String> settlesItself;

    /**
     * @param waits         since when steps wait for tools that are down, forgotten on replay (null: none kept)
     * @param settlesItself whether a tool settles a call of unknown outcome by itself (it honours idempotency keys or
     *                      has a reconcile check), so a replay needs no decision for it
     */
    public DeadLetterReplay(DeadLetterStore deadLetters, ToolCallLedger ledger, ToolWaitStore waits,
            java.util.function.Predicate<String> settlesItself) {
        this.deadLetters = deadLetters;
        this.ledger = ledger;
        this.waits = waits;
        this.settlesItself = settlesItself;
    }

    /**
     * Reopens the task of dead letter {@code id} and returns its id, for the caller to queue.
     *
     * @param resolve null, {@code done} or {@code not-done}: what the reviewer found for calls of unknown outcome
     * @param result  with {@code done}, what the call returned (optional)
     */
    public String replay(long id, String reviewer, String resolve, JsonNode result) {
        DeadLetterStore.DeadLetter letter = deadLetters.find(id)
                .orElseThrow(() -> new Refused(404, "no dead letter has id " + id + "; GET /api/dead-letters lists them"));
        if (letter.taskId() == null) {
            throw new Refused(409, "dead letter " + id + " has no task left to replay (it was deleted)");
        }
        if (letter.replayedAt() != null) {
            throw new Refused(409, "dead letter " + id + " was replayed at " + letter.replayedAt() + " by " + letter.replayedBy()
                    + "; if the task failed again, it left a new dead letter");
        }
        if (resolve != null && !resolve.equals("done") && !resolve.equals("not-done")) {
            throw new Refused(400, "resolve must be 'done' or 'not-done', not '" + resolve + "'");
        }
        List<ToolCallLedger.Entry> unknown = ledger.unresolved(letter.taskId());
        if (resolve == null) {
            unknown = unknown.stream().filter(e -> !settlesItself.test(e.tool())).toList(); // resent or asked when it runs
        }
        if (!unknown.isEmpty() && resolve == null) {
            throw new Refused(409, "task " + letter.taskId() + " has " + unknown.size() + " tool call(s) whose outcome is unknown ("
                    + unknown.stream().map(e -> "step " + e.stepIndex() + " " + e.tool()).toList() + "). Check the target"
                    + " system, then replay with resolve=done if the effect happened or resolve=not-done if it did not");
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("deadLetter", id);
        detail.put("by", reviewer);
        if (!unknown.isEmpty()) {
            // Settled before the task reopens, so no worker can meet the call still unresolved.
            detail.put("resolved", ledger.resolve(letter.taskId(), "done".equals(resolve), result, reviewer) + " call(s) " + resolve);
        }
        if (!deadLetters.reopen(id, letter.taskId(), reviewer, detail)) {
            throw new Refused(409, "task " + letter.taskId() + " is not finished (replayed already, or still running);"
                    + " GET /api/tasks/" + letter.taskId() + " shows where it is");
        }
        if (waits != null) {
            waits.clear(letter.taskId()); // a tool that ran out of patience gets all of it again
        }
        return letter.taskId();
    }
}
