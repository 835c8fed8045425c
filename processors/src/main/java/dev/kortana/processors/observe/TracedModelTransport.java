package dev.kortana.processors.observe;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.model.ModelCallFailed;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.ModelTransport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * A span for every attempt to call a model, named and tagged as the OpenTelemetry GenAI conventions say:
 * {@code chat <model>}, with {@code gen_ai.operation.name}, {@code gen_ai.provider.name}, {@code gen_ai.request.model}
 * and, for an answer, {@code gen_ai.usage.input_tokens} / {@code output_tokens}. Neither prompt nor answer is put in a
 * span. The span is current while the call runs, so the model route's own spans and the provider request sit under it.
 */
public final class TracedModelTransport implements ModelTransport {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("kortana.model");
    static final AttributeKey<String> TASK = AttributeKey.stringKey("kortana.task.id");

    private final ModelTransport delegate;
    private final Tracer tracer;

    public TracedModelTransport(ModelTransport delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public ModelResponse send(ModelSpec model, ModelRequest request) {
        Span span = tracer.spanBuilder("chat " + model.model())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, provider(model.provider()))
                .setAttribute(REQUEST_MODEL, model.model())
                .setAttribute(MODEL_NAME, model.name())
                .startSpan();
        if (request.taskId() != null) {
            span.setAttribute(TASK, request.taskId());
        }
        try (Scope ignored = span.makeCurrent()) {
            ModelResponse answer = delegate.send(model, request);
            if (answer != null) {
                span.setAttribute(RESPONSE_MODEL, answer.model());
                span.setAttribute(INPUT_TOKENS, answer.tokensIn());
                span.setAttribute(OUTPUT_TOKENS, answer.tokensOut());
            }
            return answer;
        } catch (ModelCallFailed failure) {
            String kind = failure.misconfiguration() ? "misconfigured"
                    : failure.requestRejected() ? "rejected" : failure.retryable() ? "retryable" : "failed";
            span.setAttribute(ERROR_TYPE, kind);
            span.setStatus(StatusCode.ERROR, kind); // not the message: a provider's error may quote the prompt
            throw failure;
        } catch (RuntimeException e) {
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The GenAI convention's well-known provider names where there is one; ours otherwise. */
    static String provider(String provider) {
        return switch (provider) {
            case "openai", "anthropic", "ollama" -> provider;
            case "offline" -> "kortana.offline";
            default -> provider;
        };
    }
}
