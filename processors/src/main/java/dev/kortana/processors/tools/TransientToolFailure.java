package dev.kortana.processors.tools;

/** A tool call that failed for a reason that may pass (a 503, a 429); the pipeline retries it with backoff. */
public class TransientToolFailure extends RuntimeException {

    public TransientToolFailure(String message) {
        super(message);
    }
}
