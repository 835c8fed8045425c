package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What governance says about a model call, asked by the router for every call: how the request is rewritten (e.g. kept
 * in the EU, a lower cost limit), which candidates policy refuses, whether a model's rate limit has a token, and the
 * record of the choice made.
 */
public interface ModelGovernance {

    /** The request as policy rewrites it before any model is considered; as it is without a policy. */
    default ModelRequest rewrite(ModelRequest request) {
        return request;
    }

    /** Why policy refuses {@code model} for {@code request} ("rule-id: reason"), or empty when it may be used. */
    default Optional<String> refusal(ModelRequest request, ModelSpec model) {
        return Optional.empty();
    }

    /** Takes a token from the model's rate limit; empty when taken, else how long until the next token (ZERO: never). */
    default Optional<Duration> throttle(ModelSpec model) {
        return Optional.empty();
    }

    /** Records which model answered, and why others were passed over. */
    default void chosen(ModelRequest request, ModelResponse response, List<String> passedOver) {}

    /** No policy: every request as it is, every model, no limits, no record. */
    ModelGovernance OPEN = new ModelGovernance() {};
}
