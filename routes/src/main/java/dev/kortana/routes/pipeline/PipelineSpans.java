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

    /** A span open for one route of the exchange, and the exception already caught when it began (not its own). */
    private record Open(String routeId, Span span, Scope scope, Object caughtBefore) {
    }

    /**
     * The spans open for one exchange. Split copies share exchange properties by reference, so a copy (a step that
     * fails and publishes from its tool worker) makes a stack of its own rather than touching its parent's.
     */
    private static final class Stack extends org.apache.camel.support.SynchronizationAdapter {
        final String exchangeId;
        final Deque<Open> open = new ArrayDeque<>();

        Stack(String exchangeId) {
            this.exchangeId = exchangeId;
        }

        /** Ends what a route policy could not: Camel skips onExchangeDone while it stops (a graceful shutdown). */
        @Override
        public void onDone(Exchange exchange) {
            while (!open.isEmpty()) {
                Open left = open.pop();
                left.scope().close();
                left.span().end();
            }
        }
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
        // A split's copy (a step) carries its parent's stack: it gets one of its own, and no run span.
        boolean copy = exchange.getProperty(OPEN) instanceof Stack inherited && !inherited.exchangeId.equals(exchange.getExchangeId());
        Stack stack = stack(exchange);
        Object caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
        if (stack.open.isEmpty() && !copy) {
            TaskRun run = exchange.getProperty(Headers.RUN, TaskRun.class);
            if (run == null) {
                return; // not a task's run (a route test, or a stage called on its own)
            }
            AgentContext task = run.context();
            Span span = tracer.spanBuilder("kortana.run")
                    .setParent(TaskTraces.parentOf(task.source().traceParent()))
                    .setAttribute(TASK, task.taskId())
                    .setAttribute(TENANT, task.task().tenant())
                    .setAttribute(CHANNEL, task.source().channel().name())
                    .setAttribute(NODE, node)
                    .setAttribute(STATUS, task.status().name())
                    .startSpan();
            push(exchange, stack, new Open(PIPELINE, span, span.makeCurrent(), caught));
        }
        String stage = route.getRouteId().substring(STAGE_PREFIX.length());
        Span span = tracer.spanBuilder("kortana." + stage).setParent(Context.current()).startSpan();
        push(exchange, stack, new Open(route.getRouteId(), span, span.makeCurrent(), caught));
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Object holder = exchange.getProperty(OPEN);
        if (!(holder instanceof Stack stack) || !stack.exchangeId.equals(exchange.getExchangeId())
                || stack.open.stream().noneMatch(o -> o.routeId().equals(route.getRouteId()))) {
            return;
        }
        Open top;
        do {
            top = stack.open.pop();
            if (PIPELINE.equals(top.routeId())) {
                TaskRun run = exchange.getProperty(Headers.RUN, TaskRun.class);
                if (run != null) {
                    top.span().setAttribute(STATUS, run.context().status().name());
                }
            }
            Object failure = failure(exchange, top.caughtBefore());
            if (failure != null) {
                // The exception's kind, never its message: a message may quote a tool's arguments or results.
                top.span().setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            }
            top.scope().close();
            top.span().end();
        } while (!top.routeId().equals(route.getRouteId()));
        ids(exchange, stack.open.peek());
    }

    /** The exception this route ended with: the exchange's, or one caught since the route began (not an older one). */
    static Object failure(Exchange exchange, Object caughtBefore) {
        if (exchange.getException() != null) {
            return exchange.getException();
        }
        Object caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT);
        return caught != null && caught != caughtBefore ? caught : null;
    }

    private static Stack stack(Exchange exchange) {
        Object holder = exchange.getProperty(OPEN);
        if (holder instanceof Stack stack && stack.exchangeId.equals(exchange.getExchangeId())) {
            return stack;
        }
        Stack mine = new Stack(exchange.getExchangeId());
        exchange.setProperty(OPEN, mine);
        exchange.getExchangeExtension().addOnCompletion(mine);
        return mine;
    }

    private static void push(Exchange exchange, Stack stack, Open span) {
        stack.open.push(span);
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
