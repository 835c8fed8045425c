package dev.kortana.routes.api;

import dev.kortana.processors.audit.AuditVerification;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.IssuedKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.impl.DefaultCamelContext;

/** {@link AuditRoute} and {@link AuditApi} on a real HTTP port, over a verification the test supplies. */
public final class AuditApiServer implements AutoCloseable {

    private final CamelContext context;
    private final int port;

    private AuditApiServer(CamelContext context, int port) {
        this.context = context;
        this.port = port;
    }

    public static AuditApiServer start(Supplier<AuditVerification> verification, String adminKey) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
        CamelContext context = new DefaultCamelContext();
        MainHttpServer server = new MainHttpServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        context.addService(server);
        context.getRegistry().bind("auditApi", new AuditApi(verification, adminKey == null || adminKey.isBlank() ? ApiAccess.open()
                : ApiAccess.withKeys(java.util.List.of(IssuedKey.bootstrapAdmin(adminKey)))));
        context.addRoutes(new AuditRoute());
        context.start();
        return new AuditApiServer(context, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        context.stop();
    }
}
