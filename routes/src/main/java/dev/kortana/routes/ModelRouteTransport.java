package dev.kortana.routes;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.model.ModelCallFailed;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.ModelTransport;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Sends one model call through that model's route and turns what went wrong into a {@link ModelCallFailed} the router
 * understands: a refused connection is retryable and cost nothing; a timeout or a cut-off answer is retryable but
 * may have been billed.
 */
public class ModelRouteTransport implements ModelTransport {

    private final CamelContext context;
    private volatile ProducerTemplate template;

    public ModelRouteTransport(CamelContext context) {
        this.context = context;
    }

    @Override
    public ModelResponse send(ModelSpec model, ModelRequest request) {
        Exchange result = template().send(Endpoints.model(model.name()), e -> {
            e.setProperty(Headers.MODEL_SPEC, model);
            e.getMessage().setHeader(Headers.MODEL_PROVIDER, model.provider());
            e.getMessage().setBody(request);
        });
        if (result.getException() != null) {
            throw translate(model, result.getException());
        }
        return result.getMessage().getBody(ModelResponse.class);
    }

    static ModelCallFailed translate(ModelSpec model, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ModelCallFailed failed) {
                return failed;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return new ModelCallFailed("cannot connect to " + model.endpoint() + ": " + t.getMessage(), true, null, false);
            }
            if (t instanceof InterruptedIOException) {
                return ModelCallFailed.lostAnswer("no answer within " + model.timeoutMs() + " ms (" + t.getMessage() + ")");
            }
            if (t instanceof IOException) {
                return ModelCallFailed.lostAnswer("the answer was cut off: " + t.getMessage());
            }
        }
        return new ModelCallFailed("call failed: " + error, false, null, false);
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
