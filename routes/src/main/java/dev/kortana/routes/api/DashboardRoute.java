package dev.kortana.routes.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * {@code GET /dashboard}: a live page served by Kor'tana itself, static files from the jar (no CDN, no build step). The
 * page reads the same APIs an operator calls, with the key the user gives it, so it shows only what that key may see.
 */
public class DashboardRoute extends RouteBuilder {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    @Override
    public void configure() {
        from("platform-http:/dashboard?httpMethodRestrict=GET")
                .routeId("dashboard")
                .process(e -> serve(e, "index.html"));

        from("platform-http:/dashboard/{file}?httpMethodRestrict=GET")
                .routeId("dashboard-files")
                .process(e -> serve(e, e.getMessage().getHeader("file", String.class)));
    }

    private static void serve(Exchange exchange, String file) {
        String type = FILES.get(file);
        if (type == null) {
            Problems.write(exchange, 404, "Not found", "the dashboard has no file '" + file + "'", null);
            return;
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        // The page and its script come from this origin only, and nothing may frame it.
        exchange.getMessage().setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody(load(file));
    }

    private static byte[] load(String file) {
        try (InputStream in = DashboardRoute.class.getResourceAsStream("/dashboard/" + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
