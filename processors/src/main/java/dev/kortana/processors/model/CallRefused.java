package dev.kortana.processors.model;

/**
 * The call was refused before it reached the model (an open circuit breaker): move on at once. It is recorded as
 * {@code refused}, not as a failure of the model, so the model's error rate and last error keep the real cause.
 */
public class CallRefused extends ModelCallFailed {

    public CallRefused(String message) {
        super(message, false, null, false);
    }
}
