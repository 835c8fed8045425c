package dev.kortana.processors.observe;

import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.ToolTransport;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

/**
 * A span for every attempt to call a tool, as the OpenTelemetry GenAI conventions name it: {@code execute_tool <name>}
 * with {@code gen_ai.operation.name} and {@code gen_ai.tool.name}, the step and the ledger key of the call. Arguments
 * and results stay out of it (they may hold what a tenant would not want in a trace). Current while the call runs, so
 * an HTTP tool sends it on as {@code traceparent}.
 */
public final class TracedToolTransport implements ToolTransport {

    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> TOOL_KIND = AttributeKey.stringKey("kortana.tool.kind");
    static final AttributeKey<Long> STEP = AttributeKey.longKey("kortana.step");

    private final ToolTransport delegate;
    private final Tracer tracer;

    public TracedToolTransport(ToolTransport delegate, Tracer tracer) {
        this.delegate = delegate;
        this.tracer = tracer;
    }

    @Override
    public ToolResult call(ToolSpec spec, ToolCall call) {
        Span span = tracer.spanBuilder("execute_tool " + spec.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(TracedModelTransport.OPERATION, "execute_tool")
                .setAttribute(TOOL_NAME, spec.name())
                .setAttribute(TOOL_KIND, spec.kind())
                .setAttribute(STEP, (long) call.stepIndex())
                .startSpan();
        if (call.taskId() != null) {
            span.setAttribute(TracedModelTransport.TASK, call.taskId());
        }
        if (call.idempotencyKey() != null) {
            span.setAttribute(TOOL_CALL, call.idempotencyKey());
        }
        try (Scope ignored = span.makeCurrent()) {
            return delegate.call(spec, call);
        } catch (RuntimeException e) {
            // The failure's kind, never its message: it may quote the call's arguments or the tool's answer.
            span.setAttribute(TracedModelTransport.ERROR_TYPE, e.getClass().getSimpleName());
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
