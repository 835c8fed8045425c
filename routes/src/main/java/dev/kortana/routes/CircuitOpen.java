package dev.kortana.routes;

import dev.kortana.processors.model.ModelCallFailed;

/** A model's circuit breaker refused the call: move on to the next model at once, do not retry this one. */
public class CircuitOpen extends ModelCallFailed {

    public CircuitOpen(String message) {
        super(message, false, null, false);
    }
}
