package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;

/**
 * Sends one request to one model and returns its answer; throws {@link ModelCallFailed} when the model did not
 * answer. The routes module sends through the model's route (circuit breaker, then the provider's wire protocol).
 */
@FunctionalInterface
public interface ModelTransport {

    ModelResponse send(ModelSpec model, ModelRequest request);
}
