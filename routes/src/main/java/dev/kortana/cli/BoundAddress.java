package dev.kortana.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * The address the HTTP server has bound, read from the server itself (camel-main's endpoint summary prints 0.0.0.0
 * whatever it is), and the URL a caller on this machine reaches it at.
 */
record BoundAddress(String host, int port) {

    static BoundAddress of(CamelContext context) {
        int configured = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(configured));
        if (router == null) {
            throw new IllegalStateException("no HTTP server is bound for port " + configured);
        }
        VertxPlatformHttpServer server = router.getServer();
        return new BoundAddress(server.getHost(), server.getPort());
    }

    /** Bound to a wildcard: every address of this machine. */
    boolean everyAddress() {
        return host == null || host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }

    String url() {
        String shown = everyAddress() ? "localhost" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port;
    }
}
