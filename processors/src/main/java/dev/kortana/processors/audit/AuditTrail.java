package dev.kortana.processors.audit;

import java.util.Map;

/**
 * Where Kor'tana records what was decided and done, for auditors: an append-only, tamper-evident log.
 *
 * <p><b>Never pass secrets</b> (API keys, passwords, tokens, personal data beyond what an auditor needs) in
 * {@code detail}: it is stored as given, in clear, for as long as the log is kept, and it cannot be removed without
 * breaking the chain.
 */
public interface AuditTrail {

    /** Records nothing: for unit tests and for wiring that has no audit log. */
    AuditTrail NONE = (kind, taskId, actor, detail) -> { };

    /**
     * Appends one entry and returns only once it is durable (committed). Throws when it could not be written; the
     * entry is then not in the log, unless the failure was the commit's acknowledgement being lost.
     *
     * @param kind   what happened, kebab-case, e.g. {@code approval}, {@code cancel}; not blank
     * @param taskId the task it concerns, or null
     * @param actor  who did it (a key id, {@code policy}, {@code timeout}…); not blank
     * @param detail what an auditor needs to know, JSON-serializable; null for none. No secrets (see above)
     */
    void append(String kind, String taskId, String actor, Map<String, ?> detail);

    /**
     * Queues an entry without waiting for it, for the pipeline's hot path. Entries are written in the order they were
     * queued, so the entry is durable once any later {@link #append} returns (the task's {@code outcome} entry is
     * appended that way). If the process dies before that, or the write fails, it is lost (and logged); the task's
     * events and checkpoints still hold what happened.
     */
    default void record(String kind, String taskId, String actor, Map<String, ?> detail) {
        append(kind, taskId, actor, detail);
    }
}
