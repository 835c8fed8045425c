package dev.kortana.routes.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.processors.model.ModelCallFailed;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.ModelTransport;
import dev.kortana.processors.observe.TaskTraces;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.RequestNotExecutedException;

/**
 * Sends one model call through that model's route and turns what went wrong into a {@link ModelCallFailed} the router
 * understands: a request that never left (refused or timed-out connection) is retryable and cost nothing; a timeout
 * waiting for the answer or a cut-off answer is retryable but may have been billed; a TLS failure is not retryable.
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
            // The model call's span as the parent of the model route's: a new exchange would start a trace of its own.
            TaskTraces.inject(e.getMessage()::setHeader);
        });
        if (result.getException() != null) {
            throw translate(model, result.getException());
        }
        return result.getMessage().getBody(ModelResponse.class);
    }

    /** A model failure the router can act on; anything else (a bug, a broken route) is rethrown unchanged. */
    static RuntimeException translate(ModelSpec model, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ModelCallFailed failed) {
                return failed;
            }
            // The request never left: retryable, and nothing can have been billed.
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof ConnectTimeoutException || t instanceof ConnectionRequestTimeoutException
                    || t instanceof RequestNotExecutedException) {
                return new ModelCallFailed("cannot connect to " + endpoint(model) + ": " + t.getMessage(), true, null, false);
            }
            if (t instanceof SSLException) {
                return new ModelCallFailed("TLS with " + endpoint(model) + " failed: " + t.getMessage(), false, null, false);
            }
            if (t instanceof InterruptedIOException) {
                return ModelCallFailed.lostAnswer("no answer within " + model.timeoutMs() + " ms (" + t.getMessage() + ")");
            }
            if (t instanceof IOException) {
                return ModelCallFailed.lostAnswer("the answer was cut off: " + t.getMessage());
            }
        }
        return error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
    }

    /** The endpoint without its query, which might carry a credential. */
    private static String endpoint(ModelSpec model) {
        return model.endpoint().replaceFirst("\\?.*$", "");
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
