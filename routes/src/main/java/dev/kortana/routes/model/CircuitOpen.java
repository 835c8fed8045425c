package dev.kortana.routes.model;

import dev.kortana.processors.model.CallRefused;

/**
 * A model's circuit breaker refused the call: move on to the next model at once, do not retry this one. The message
 * names the failure the breaker opened after ({@link ModelBreakers#refuse}).
 */
public class CircuitOpen extends CallRefused {

    public CircuitOpen(String message) {
        super(message);
    }
}
