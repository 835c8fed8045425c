package dev.kortana.routes.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the whole HTTP API, kept in the jar
 * ({@code routes/src/main/resources/openapi.json}) and checked against the routes by {@code OpenApiIT}. Needs no key.
 */
public class OpenApiRoute extends RouteBuilder {

    private static final byte[] DOCUMENT = load();

    @Override
    public void configure() {
        from("platform-http:/api/openapi.json?httpMethodRestrict=GET")
                .routeId("api-openapi")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(200))
                .setBody(constant(DOCUMENT));
    }

    private static byte[] load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
