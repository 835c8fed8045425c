package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;

/** How stages and tools reach a model. The routes module implements it with the model router route. */
@FunctionalInterface
public interface ModelGateway {

    ModelResponse call(ModelRequest request);
}
