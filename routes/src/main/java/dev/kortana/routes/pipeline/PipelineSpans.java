package dev.kortana.routes.pipeline;

import dev.kortana.contracts.AgentContext;
import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.processors.pipeline.TaskRun;
import dev.kortana.routes.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * The pipeline's spans, continuing each task's kept trace: {@code kortana.run} for one run of a task on one instance
 * (its parent is the span that accepted the task, wherever and whenever that was) and under it one span per stage route
 * ({@code kortana.plan}, {@code kortana.policy}, {@code kortana.execute}, ... {@code kortana.publish}). Made current while
 * they last, so model and tool calls, and the steps on the tool pool, sit under their stage. A route policy rather than
 * camel-opentelemetry2's own route spans because those take their parent from the exchange, and a resumed task's exchange
 * comes from a timer or from the request that approved it: the task's trace is in the store, not on the exchange.
 *
 * <p>The trace and span ids are exchange properties too ({@link #TRACE_ID}, {@link #SPAN_ID}), so camel-mdc puts them
 * on every log line about the task, on tool-worker threads as well.
 */
public final class PipelineSpans extends RoutePolicySupport implements RoutePolicyFactory {

    /** Exchange property, and so MDC key: the trace id of the task the exchange carries. */
    public static final String TRACE_ID = "KortanaTraceId";
    /** Exchange property, and so MDC key: the id of the pipeline span open for the exchange. */
    public static final String SPAN_ID = "KortanaSpanId";

    static final String PIPELINE = "pipeline";
    private static final String STAGE_PREFIX = "pipeline-";
    /** The stage routes, each called on the pipeline worker's thread (pipeline-fail is not: a step may call it). */
    private static final java.util.Set<String> STAGES = java.util.Set.of("pipeline-plan", "pipeline-policy", "pipeline-execute",
            "pipeline-validate", "pipeline-memory", "pipeline-reflect", "pipeline-publish");
    private static final String OPEN = "KortanaOpenSpans";
    private static final AttributeKey<String> TASK = AttributeKey.stringKey("kortana.task.id");
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("kortana.tenant");
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("kortana.node");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("kortana.task.status");
    private static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("kortana.channel");

    private record Open(String routeId, Span span, Scope scope) {
    }

    private final Tracer tracer;
    private final String node;

    public PipelineSpans(Tracer tracer, String node) {
        this.tracer = tracer;
        this.node = node;
    }

    /** This policy for the pipeline route and its stage routes; none for any other route (nor for pipeline-fail). */
    @Override
    public RoutePolicy createRoutePolicy(org.apache.camel.CamelContext context, String routeId, NamedNode route) {
        return PIPELINE.equals(routeId) || STAGES.contains(routeId) ? this : null;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (PIPELINE.equals(route.getRouteId())) {
            return; // the run's span starts once the task is loaded, at its first stage
        }
        Deque<Open> open = open(exchange);
        if (open.isEmpty()) {
            TaskRun run = exchange.getProperty(Headers.RUN, TaskRun.class);
            if (run == null) {
                return; // not a task's run (a route test, or a stage called on its own)
            }
            AgentContext task = run.context();
            String channel = task.source().channel().name();
            Span span = tracer.spanBuilder("kortana.run")
                    .setParent(TaskTraces.parentOf(task.source().traceParent()))
                    .setAttribute(TASK, task.taskId())
                    .setAttribute(TENANT, task.task().tenant())
                    .setAttribute(CHANNEL, channel)
                    .setAttribute(NODE, node)
                    .setAttribute(STATUS, task.status().name())
                    .startSpan();
            push(exchange, open, new Open(PIPELINE, span, span.makeCurrent()));
        }
        String stage = route.getRouteId().substring(STAGE_PREFIX.length());
        Span span = tracer.spanBuilder("kortana." + stage).setParent(Context.current()).startSpan();
        push(exchange, open, new Open(route.getRouteId(), span, span.makeCurrent()));
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Deque<Open> open = exchange.getProperty(OPEN, Deque.class);
        if (open == null || open.stream().noneMatch(o -> o.routeId().equals(route.getRouteId()))) {
            return;
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Open top;
        do {
            top = open.pop();
            if (PIPELINE.equals(top.routeId())) {
                TaskRun run = exchange.getProperty(Headers.RUN, TaskRun.class);
                if (run != null) {
                    top.span().setAttribute(STATUS, run.context().status().name());
                }
            }
            if (failure != null) {
                top.span().setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            top.scope().close();
            top.span().end();
        } while (!top.routeId().equals(route.getRouteId()));
        ids(exchange, open.peek());
    }

    @SuppressWarnings("unchecked")
    private static Deque<Open> open(Exchange exchange) {
        Deque<Open> open = exchange.getProperty(OPEN, Deque.class);
        if (open == null) {
            open = new ArrayDeque<>();
            exchange.setProperty(OPEN, open);
        }
        return open;
    }

    private static void push(Exchange exchange, Deque<Open> open, Open span) {
        open.push(span);
        ids(exchange, span);
    }

    private static void ids(Exchange exchange, Open top) {
        SpanContext context = top == null ? SpanContext.getInvalid() : top.span().getSpanContext();
        if (context.isValid()) {
            exchange.setProperty(TRACE_ID, context.getTraceId());
            exchange.setProperty(SPAN_ID, context.getSpanId());
        } else {
            exchange.removeProperty(TRACE_ID);
            exchange.removeProperty(SPAN_ID);
        }
    }
}
