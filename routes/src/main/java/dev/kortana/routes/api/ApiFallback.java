package dev.kortana.routes.api;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Answers the {@code /api} requests no route serves as problem+json instead of Vert.x's HTML page: {@code 405} with
 * {@code Allow} when the path is the API's under other methods, {@code 404} naming the API's paths otherwise. It is a
 * Vert.x route on Camel's platform-http router ordered {@code last()}, so it sees only what every API route has
 * passed over, whenever a route starts. It answers before any key check: it names only the API's paths, never a task.
 */
public final class ApiFallback implements ExtendedStartupListener {

    private static final String API = "/api";

    private boolean installed;

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // As early as the router is there: while the routes start, a request for one not started yet gets 503, not the
        // HTML 404 a client would take for a final answer (a restarted instance is sent to at once).
        if (VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port(context))) != null) {
            install(context);
        }
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        install(context);
    }

    private synchronized void install(CamelContext context) {
        if (installed) {
            return;
        }
        installed = true;
        VertxPlatformHttpRouter router = PlatformRouter.of(context, "unknown /api paths would answer HTML");
        router.route(API + "/*").last().handler(request -> answer(context, request));
    }

    private static int port(CamelContext context) {
        return Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
    }

    private static void answer(CamelContext context, RoutingContext request) {
        String path = request.normalizedPath();
        if (context.isStarting()) {
            request.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Content-Type", Problems.MEDIA_TYPE)
                    .end(Problems.body(503, "Starting", "this instance is starting; send the request again in a moment", path,
                            null));
            return;
        }
        if (context.isStopping()) {
            // A graceful stop stops the API's routes one by one: a route already gone is not a wrong method or path,
            // and a client (or load balancer) sends the request to another instance.
            request.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Content-Type", Problems.MEDIA_TYPE)
                    .end(Problems.body(503, "Stopping", "this instance is stopping; send the request again, to another"
                            + " instance", path, null));
            return;
        }
        List<Served> api = served(context);
        Set<String> allowed = allowedMethods(api, path);
        String body;
        if (allowed.isEmpty()) {
            request.response().setStatusCode(404);
            body = Problems.body(404, "Not found", "No API at " + path + ". The API's paths are: "
                    + api.stream().map(Served::toString).collect(Collectors.joining(", ")) + ".", path, null);
        } else {
            String allow = String.join(", ", allowed);
            request.response().setStatusCode(405).putHeader("Allow", allow);
            body = Problems.body(405, "Method not allowed", request.request().method().name() + " is not allowed on " + path
                    + "; use " + allow + ".", path, null);
        }
        request.response().putHeader("Content-Type", Problems.MEDIA_TYPE).end(body);
    }

    /** An API path template ({@code /api/tasks/{id}}) and a method a started route serves it with. */
    record Served(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What the started {@code /api} routes serve, by path then method. */
    static List<Served> served(CamelContext context) {
        List<Served> served = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint http && isApi(http.getPath())
                    && context.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                String methods = http.getHttpMethodRestrict() == null ? "GET,POST,PUT,PATCH,DELETE" : http.getHttpMethodRestrict();
                Arrays.stream(methods.split(",")).map(m -> m.trim().toUpperCase(Locale.ROOT))
                        .forEach(m -> served.add(new Served(m, http.getPath())));
            }
        }
        served.sort(Comparator.comparing(Served::path).thenComparing(Served::method));
        return served;
    }

    /** The methods served at {@code path}; empty when no template matches it. */
    static Set<String> allowedMethods(List<Served> served, String path) {
        return served.stream().filter(s -> matches(s.path(), path)).map(Served::method).collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code /api/tasks/{id}} matches {@code /api/tasks/abc}: a placeholder stands for one non-empty segment. */
    static boolean matches(String template, String path) {
        String[] expected = trim(template).split("/", -1);
        String[] actual = trim(path).split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean placeholder = expected[i].startsWith("{") && expected[i].endsWith("}");
            if (placeholder ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isApi(String path) {
        return path.equals(API) || path.startsWith(API + "/");
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
