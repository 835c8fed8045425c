package dev.kortana.routes.wiring;

import org.apache.camel.CamelContext;

/** The HTTP port, checked before anything starts. */
final class ServerPort {

    private ServerPort() {}

    /** The HTTP server binds asynchronously and only logs a failure; fail the start instead, with the fix. */
    static void requireFree(CamelContext context) {
        String host = context.getPropertiesComponent().resolveProperty("camel.server.host").orElse("0.0.0.0");
        int port = Integer.parseInt(context.getPropertiesComponent().resolveProperty("camel.server.port").orElse("8080"));
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); another process uses it. Stop it or choose another port with --port");
        }
    }
}
