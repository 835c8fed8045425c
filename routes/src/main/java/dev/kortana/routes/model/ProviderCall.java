package dev.kortana.routes.model;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.WireProtocol;
import dev.kortana.routes.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * The HTTP side of a provider route: the wire protocol's body and headers go out (and nothing else: every Camel
 * header is dropped first), and the answer, or the failure, comes back as the protocol reads it.
 */
final class ProviderCall {

    private final WireProtocol protocol;
    private final ModelCatalog catalog;

    public ProviderCall(WireProtocol protocol, ModelCatalog catalog) {
        this.protocol = protocol;
        this.catalog = catalog;
    }

    public void prepare(Exchange exchange) throws InvalidPayloadException {
        ModelSpec spec = exchange.getProperty(Headers.MODEL_SPEC, ModelSpec.class);
        ModelRequest request = exchange.getMessage().getMandatoryBody(ModelRequest.class);
        exchange.setProperty(Headers.MODEL_REQUEST, request);
        exchange.setProperty(Headers.MODEL_URI, uri(spec, protocol.path()));
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_METHOD, "POST");
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setHeader("Accept", "application/json");
        protocol.headers(catalog.apiKey(spec.name())).forEach(out::setHeader);
        catalog.headers(spec.name()).forEach(out::setHeader); // models.yaml headers: a gateway's key, Azure's api-key

        out.setBody(protocol.requestBody(spec, request));
    }

    public void read(Exchange exchange) {
        ModelSpec spec = exchange.getProperty(Headers.MODEL_SPEC, ModelSpec.class);
        Message in = exchange.getMessage();
        int status = in.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = in.getBody(String.class);
        String retryAfter = in.getHeader("Retry-After", String.class);
        in.removeHeaders("*");
        if (status < 200 || status > 299) {
            // Error bodies end up in logs, model_calls and /api/models; a proxy that echoes the key must not leak it.
            String shown = redact(body, catalog.apiKey(spec.name()));
            for (String secret : catalog.headers(spec.name()).values()) {
                shown = redact(shown, secret);
            }
            throw protocol.failure(status, retryAfter, shown);
        }
        in.setBody(protocol.answer(spec, exchange.getProperty(Headers.MODEL_REQUEST, ModelRequest.class), body));
    }

    static String redact(String text, String secret) {
        return text == null || secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    /**
     * The camel-http URI for a call: endpoint + protocol path, the endpoint's own query (e.g. an api-version) kept,
     * with the model's timeouts, no redirects, and non-2xx answers returned rather than thrown.
     */
    static String uri(ModelSpec spec, String path) {
        String endpoint = spec.endpoint();
        String query = "";
        int q = endpoint.indexOf('?');
        if (q >= 0) {
            query = endpoint.substring(q + 1);
            endpoint = endpoint.substring(0, q);
        }
        endpoint = endpoint.replaceAll("/+$", "");
        return endpoint + path + "?" + (query.isEmpty() ? "" : query + "&")
                + "throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + Math.min(spec.timeoutMs(), 5_000)
                + "&responseTimeout=" + spec.timeoutMs()
                + "&soTimeout=" + spec.timeoutMs();
    }
}
