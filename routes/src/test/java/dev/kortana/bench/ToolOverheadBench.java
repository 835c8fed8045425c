package dev.kortana.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.ToolCallLedger;
import dev.kortana.processors.tools.HostAllowlist;
import dev.kortana.processors.tools.HttpRequestTool;
import dev.kortana.processors.tools.Tool;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolCatalog;
import dev.kortana.processors.tools.ToolInvoker;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.processors.tools.ToolSpec;
import dev.kortana.processors.tools.ToolTransport;
import dev.kortana.routes.tools.KafkaToolCall;
import dev.kortana.routes.tools.RouteToolCall;
import dev.kortana.routes.tools.ToolDispatchRoute;
import dev.kortana.routes.tools.ToolRouteTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What the tool execution engine adds to one tool call: the same {@code http.request} POST to a local server that
 * answers 200 at once, (1) straight through {@link HttpRequestTool}, (2) through {@link ToolInvoker} on the idempotent
 * path (args-schema, concurrency slot, retry loop, result-schema) with a transport that calls the tool in-line,
 * (3) the same through {@link ToolRouteTransport} and the {@code tool-dispatch} route, (4) the same with the tool
 * non-idempotent, so every call claims and completes its own row in the PostgreSQL idempotency ledger. Single
 * thread, interleaved rounds. Run with bench/tools.sh.
 *
 * <p>Arguments: [calls per round (default 5000)] [rounds (default 3)] [JDBC URL or "none" (default local test DB)].
 */
public final class ToolOverheadBench {

    private static final String SCHEMA = "kortana_bench_tools";

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String jdbc = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

        // Without it the JDK server's separately written headers and body meet the client's delayed ACK: +40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ToolOverheadBench::answerOk);
        server.start();
        try {
            run(calls, rounds, jdbc, server.getAddress().getPort());
        } finally {
            server.stop(0);
        }
    }

    private static void run(int calls, int rounds, String jdbc, int port) throws Exception {
        HttpRequestTool httpTool = new HttpRequestTool(HostAllowlist.parse("127.0.0.1:" + port), Duration.ofSeconds(10), 262_144);
        Map<String, Object> callArgs = Map.of("url", "http://127.0.0.1:" + port + "/orders", "method", "POST",
                "body", Map.of("item", "widget", "quantity", 1));
        ToolSpec shipped = shippedHttpRequest(); // idempotent: false, as in config/tools.yaml
        ToolSpec idempotent = withIdempotent(shipped, true);
        ToolCall sameCall = new ToolCall("bench-task", "bench", 0, callArgs);
        ToolInvoker inline = new ToolInvoker(inlineTransport(httpTool), null, millis -> { });

        DefaultCamelContext camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("kortana.kafka.brokers", ""); // the tool-kafka route's placeholder; never selected here
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getRegistry().bind("httpTool", httpTool);
        // The choice() resolves every bean it names when the route starts; these kinds are never selected here.
        for (String unused : new String[] {"sqlTool", "fileTool", "memoryTool", "modelTool"}) {
            camel.getRegistry().bind(unused, new NeverSelected());
        }
        camel.getRegistry().bind("routeToolCall", new RouteToolCall());
        camel.getRegistry().bind("kafkaToolCall", new KafkaToolCall(false));
        camel.addRoutes(new ToolDispatchRoute());
        camel.start();
        ToolRouteTransport routeTransport = new ToolRouteTransport(camel);
        ToolInvoker routed = new ToolInvoker(routeTransport, null, millis -> { });

        @SuppressWarnings("unchecked")
        Callable<Object>[] rows = new Callable[4];
        rows[0] = () -> httpTool.invoke(sameCall);
        rows[1] = () -> inline.invoke(idempotent, sameCall);
        rows[2] = () -> routed.invoke(idempotent, sameCall);
        BenchSchema db = null;
        if (!"none".equals(jdbc)) {
            // Every call is a step of its own task, so every call claims and completes a new ledger row.
            String tasks = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
            db = BenchSchema.create(jdbc, SCHEMA, tasks, calls / 2 + rounds * calls);
            ToolInvoker withLedger = new ToolInvoker(routeTransport, new ToolCallLedger(new Database(db.pool()), "bench"),
                    millis -> { });
            int[] next = {0};
            rows[3] = () -> withLedger.invoke(shipped, new ToolCall(tasks + next[0]++, "bench", 0, callArgs));
        }

        System.out.printf("tool overhead: %d calls per round, %d rounds, 1 thread, POST http://127.0.0.1:%d/orders (answers 200 at once)%n",
                calls, rounds, port);
        String[] names = {"direct HttpRequestTool.invoke", "invoker, idempotent, in-line", "invoker through Camel",
                "Camel + PostgreSQL ledger"};
        Histogram[] h = {new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3)};
        for (Callable<Object> row : rows) { // warm-up
            if (row != null) {
                LatencyRows.measure(row, calls / 2, null);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != null) {
                    LatencyRows.measure(rows[i], calls, h[i]);
                }
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != null) {
                LatencyRows.print(names[i], h[i], i == 0 ? null : h[i - 1], "added over the row before");
            }
        }
        camel.stop();
        if (db != null) {
            db.close();
        }
    }

    private static void answerOk(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes(); // drain, so the connection is kept alive
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** Stands in for the tools of kinds this benchmark never calls. */
    private static final class NeverSelected implements Tool {
        @Override
        public String name() {
            return "never-selected";
        }

        @Override
        public ToolResult invoke(ToolCall call) {
            throw new IllegalStateException("not part of this benchmark");
        }
    }

    private static ToolTransport inlineTransport(HttpRequestTool tool) {
        return (spec, call) -> {
            try {
                return tool.invoke(call);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    private static ToolSpec shippedHttpRequest() throws IOException {
        try (InputStream yaml = ToolOverheadBench.class.getClassLoader().getResourceAsStream("tools.yaml")) {
            if (yaml == null) {
                throw new IllegalStateException("tools.yaml (config/) is not on the classpath");
            }
            return ToolCatalog.load(yaml, "tools.yaml").find("http.request").orElseThrow();
        }
    }

    private static ToolSpec withIdempotent(ToolSpec s, boolean idempotent) {
        return new ToolSpec(s.name(), s.kind(), s.description(), s.keywords(), s.phase(), s.requires(), s.planArgs(),
                s.capabilities(), s.safety(), s.argsSchema(), s.resultSchema(), idempotent, s.timeoutMs(), s.retry(),
                s.concurrency(), s.region(), s.endpoint(), s.sql(), s.jdbcUrl(), s.user(), s.passwordEnv(), s.topics(),
                s.prompt(), s.honoursIdempotencyKey(), s.patienceText(), s.reconcile(), null);
    }
}
