package dev.kortana.routes.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge on Camel's platform-http router, before any route: a body in a coding the server does not decode
 * ({@code Content-Encoding} other than identity, {@code Transfer-Encoding} other than chunked) is refused rather than
 * read as if it were plain, and the errors Vert.x answers itself once a request is routed (413 over
 * {@code camel.server.maxBodySize}, 500, 404 outside /api) are problem+json. 414, 431 and malformed chunking are
 * answered (or the connection closed) by the HTTP codec before any handler; docs/ARCHITECTURE.md says so.
 */
public final class HttpEdge implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

    private boolean installed;

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router is bound once the HTTP server runs
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (installed) {
            return;
        }
        installed = true;
        VertxPlatformHttpRouter router = PlatformRouter.of(context, "the HTTP edge cannot be guarded");
        router.route().order(Integer.MIN_VALUE).handler(HttpEdge::refuseUnreadableCodings);
        router.routeWithRegex("^(?!/api(/|$)).*").order(Integer.MAX_VALUE).handler(request -> answer(request, 404, "Not found",
                "Nothing is served at " + request.normalizedPath() + "; the API is under /api."));
        router.route().failureHandler(HttpEdge::failed);
    }

    /** 415 for a content coding, 400 for a transfer coding the server would ignore; the body is never read then. */
    static void refuseUnreadableCodings(RoutingContext request) {
        String contentEncoding = request.request().getHeader(HttpHeaders.CONTENT_ENCODING);
        if (contentEncoding != null && !codings(contentEncoding).stream().allMatch("identity"::equals)) {
            answer(request, 415, "Unsupported media type", "Content-Encoding '" + contentEncoding
                    + "' is not supported; send the body uncompressed (no Content-Encoding).");
            return;
        }
        String transferEncoding = request.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transferEncoding != null && !codings(transferEncoding).equals(List.of("chunked"))) {
            answer(request, 400, "Unsupported transfer coding", "Transfer-Encoding '" + transferEncoding
                    + "' is not supported; send the body with Content-Length or Transfer-Encoding: chunked alone.");
            return;
        }
        request.next();
    }

    private static List<String> codings(String header) {
        return Arrays.stream(header.split(",")).map(c -> c.trim().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty()).toList();
    }

    /** What a handler or Vert.x itself failed with (413 from the body limit, 500 from a throwing handler). */
    private static void failed(RoutingContext request) {
        int status = request.statusCode() < 400 ? 500 : request.statusCode();
        if (status >= 500) {
            LOG.error("HTTP {} {} failed", request.request().method(), request.normalizedPath(), request.failure());
        }
        switch (status) {
            case 413 -> answer(request, 413, "Request too large",
                    "The body is larger than camel.server.maxBodySize; send a smaller request.");
            case 500 -> answer(request, 500, "Internal server error",
                    "The request could not be answered; it was logged. Nothing was accepted unless a task id says so.");
            default -> answer(request, status, "HTTP " + status, "The request could not be handled (" + status + ").");
        }
    }

    private static void answer(RoutingContext request, int status, String title, String detail) {
        if (request.response().headWritten()) {
            request.response().close();
            return;
        }
        request.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                // the rest of a refused body is not read: the connection cannot carry another request
                .putHeader(HttpHeaders.CONNECTION, status == 413 || status == 415 || status == 400 ? "close" : "keep-alive")
                .end(Problems.body(status, title, detail, request.normalizedPath(), null));
    }
}
