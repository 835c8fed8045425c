package dev.kortana.routes.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.model.ModelGateway;
import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.routes.Endpoints;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/** Sends model calls through the model router route, so every call is routed, traced and measured the same way. */
public class RouterModelGateway implements ModelGateway {

    private final CamelContext context;
    private volatile ProducerTemplate template;

    public RouterModelGateway(CamelContext context) {
        this.context = context;
    }

    @Override
    public ModelResponse call(ModelRequest request) {
        try {
            // The caller's span (a stage, a tool call) as the parent of the router's: a new exchange would start a trace.
            java.util.Map<String, Object> trace = new java.util.HashMap<>();
            TaskTraces.inject(trace::put);
            return template().requestBodyAndHeaders(Endpoints.MODEL, request, trace, ModelResponse.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private ProducerTemplate template() {
        if (template == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
            }
        }
        return template;
    }
}
