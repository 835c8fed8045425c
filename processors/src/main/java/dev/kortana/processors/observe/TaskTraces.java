package dev.kortana.processors.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A task's trace across its runs. The span that accepts a task is kept with it as a W3C {@code traceparent}
 * ({@link #currentParent()}); every later run, on any instance, after a park, a put-aside or a crash, starts its spans
 * under it ({@link #parentOf}), so one task is one trace. Outbound calls carry the current context on
 * ({@link #inject}). With tracing off no span is valid, nothing is kept and nothing is sent.
 */
public final class TaskTraces {

    /** The instrumentation scope of Kor'tana's own spans. */
    public static final String SCOPE = "dev.kortana";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TaskTraces() {
    }

    /** The current span as a W3C {@code traceparent}, or null when there is none (tracing off, or nothing traced). */
    public static String currentParent() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** The context a kept {@code traceparent} names: the root context when it is null or malformed. */
    public static Context parentOf(String traceParent) {
        if (traceParent == null || traceParent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of("traceparent", traceParent), MAP);
    }

    /** The trace id of a kept {@code traceparent}, or null. */
    public static String traceId(String traceParent) {
        var span = Span.fromContext(parentOf(traceParent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** Puts the current trace context into an outbound request's headers ({@code traceparent}, {@code tracestate}). */
    public static void inject(BiConsumer<String, String> header) {
        W3C.inject(Context.current(), header, (h, key, value) -> h.accept(key, value));
    }

    /** The header names {@link #inject} may write. */
    public static List<String> fields() {
        return List.copyOf(W3C.fields());
    }
}
