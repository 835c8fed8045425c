package dev.kortana.routes.tools;

import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolFailure;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.ToolTransport;
import dev.kortana.processors.tools.TransientToolFailure;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.support.DefaultExchange;

/**
 * Sends tool calls through the {@code tool-dispatch} route and waits at most the tool's timeout. A call that does not
 * answer in time is abandoned (its thread finishes on its own) and reported as a passing failure whose outcome is
 * unknown, which the idempotency ledger turns into a reconciliation for non-idempotent tools.
 */
public class ToolRouteTransport implements ToolTransport {

    private final CamelContext context;
    private final ProducerTemplate template;
    private final ExecutorService calls;

    public ToolRouteTransport(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
        // The call's thread runs under the caller's span (the tool call's), so its route and HTTP spans join the trace.
        this.calls = io.opentelemetry.context.Context.taskWrapping(context.getExecutorServiceManager().newCachedThreadPool(this, "tool-call"));
    }

    @Override
    public ToolResult call(ToolSpec spec, ToolCall call) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Headers.TOOL_KIND, spec.kind());
        exchange.getMessage().setHeader(Headers.TOOL_NAME, spec.name());
        if (spec.endpoint() != null) {
            exchange.getMessage().setHeader(Headers.TOOL_ENDPOINT, spec.endpoint());
        }
        exchange.getMessage().setBody(call.spec() == null ? call.withSpec(spec, null) : call);
        // The tool call's span as the parent of the dispatch route's: a new exchange would start a trace of its own.
        TaskTraces.inject(exchange.getMessage()::setHeader);
        CompletableFuture<Exchange> done = CompletableFuture.supplyAsync(() -> template.send(Endpoints.TOOL_DISPATCH, exchange), calls);
        Exchange answered;
        try {
            answered = done.get(spec.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            throw new TransientToolFailure(spec.name() + " did not answer within its timeout-ms " + spec.timeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientToolFailure(spec.name() + " was interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("tool dispatch failed: " + e.getCause(), e.getCause());
        }
        Exception failure = answered.getException();
        if (failure != null) {
            throw rethrow(spec, failure);
        }
        ToolResult result = answered.getMessage().getBody(ToolResult.class);
        if (result == null) {
            throw new ToolFailure(spec.name() + " answered without a result");
        }
        return result;
    }

    private static RuntimeException rethrow(ToolSpec spec, Exception failure) {
        Throwable cause = failure;
        // Camel wraps bean exceptions; the tool's own exception says what happened.
        while (cause instanceof org.apache.camel.RuntimeCamelException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof DirectConsumerNotAvailableException) {
            return new ToolFailure(spec.name() + ": no route consumes " + spec.endpoint()
                    + "; add the route that serves it, or fix the tool's endpoint");
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof java.net.ConnectException) {
            return TransientToolFailure.unavailable(spec.name() + ": " + cause.getMessage(), true, null, cause);
        }
        return new TransientToolFailure(spec.name() + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
