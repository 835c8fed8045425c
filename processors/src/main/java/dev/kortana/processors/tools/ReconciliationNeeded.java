package dev.kortana.processors.tools;

/**
 * A non-idempotent call may or may not have taken effect (a crash or a timeout mid-call). Calling again could do it
 * twice, so the task stops and waits for a human, who checks the target system and replays the dead letter saying
 * whether the effect happened.
 */
public class ReconciliationNeeded extends RuntimeException {

    public ReconciliationNeeded(String message) {
        super(message);
    }
}
