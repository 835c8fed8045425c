package dev.kortana.routes.api;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/** The Vert.x router behind platform-http on {@code camel.server.port}, for handlers Camel routes cannot express. */
final class PlatformRouter {

    private PlatformRouter() {}

    /** The router; {@code withoutIt} says what would go wrong without it, in the exception when there is none. */
    static VertxPlatformHttpRouter of(CamelContext context, String withoutIt) {
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            throw new IllegalStateException("no platform-http router for port " + port + "; " + withoutIt);
        }
        return router;
    }
}
