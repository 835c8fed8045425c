package dev.kortana.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.TaskConstraints;
import dev.kortana.it.StubModelServer;
import dev.kortana.it.UnlimitedSpending;
import dev.kortana.processors.model.BreakerSettings;
import dev.kortana.processors.model.BudgetLimits;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelRouter;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.OfflineModel;
import dev.kortana.processors.model.OpenAiProtocol;
import dev.kortana.processors.model.RoutingPolicy;
import dev.kortana.processors.model.Spending;
import dev.kortana.processors.store.BudgetSlices;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.Migrations;
import dev.kortana.processors.store.SpendStore;
import dev.kortana.processors.store.WriteBehind;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.model.ModelBreakers;
import dev.kortana.routes.model.ModelRouteTransport;
import dev.kortana.routes.model.ModelRouterRoute;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the model router adds to a model call: the same request to the same local stub, once as a direct HTTP POST
 * with Apache HttpClient (the library camel-http uses) and once through {@code direct:model} (ranking, the model's
 * circuit-breaker route, the provider choice(), wire mapping, camel-http, answer parsing), then with the budget work
 * against PostgreSQL for a tenant with a daily ceiling (exact: a reservation and a settlement transaction per call;
 * slices: {@link BudgetSlices}), and, when given, through the Portkey AI gateway to the same stub. Single thread,
 * interleaved rounds. Run with bench/router.sh.
 *
 * <p>Arguments: [calls per round (default 5000)] [rounds (default 3)] [JDBC URL or "none" (default local test DB)]
 * [Portkey gateway base URL, e.g. http://127.0.0.1:18787 (default: none)].
 */
public final class RouterOverheadBench {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String jdbc = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        String gateway = args.length > 3 ? args[3] : null;

        try (StubModelServer stub = StubModelServer.start("bench").usage(120, 30).reply(c -> "ok");
                CloseableHttpClient http = HttpClients.createDefault()) {
            ModelSpec spec = new ModelSpec("bench", "openai", stub.openAiEndpoint(), "bench-1", null,
                    new BigDecimal("0.001"), new BigDecimal("0.002"), "eu", Set.of("eu"), Set.of("summarize"),
                    128_000, 256, 10_000, 64);
            ModelRequest request = new ModelRequest("summarize", "bench-task", "bench",
                    new TaskConstraints(null, null, "eu", null, false), "Summarise the text in at most 2 sentences.",
                    Json.MAPPER.createObjectNode().put("text", "Kor'tana routes model calls. ".repeat(20)).put("sentences", 2));
            String directBody = new OpenAiProtocol().requestBody(spec, request);

            Callable<Object> direct = () -> {
                HttpPost post = new HttpPost(stub.openAiEndpoint() + "/chat/completions");
                post.setEntity(new StringEntity(directBody, ContentType.APPLICATION_JSON));
                return http.execute(post, response -> EntityUtils.toString(response.getEntity()));
            };
            Callable<Object> viaGateway = gateway == null ? null : () -> {
                // Portkey's way to an OpenAI-compatible upstream of one's own: the provider and its base URL as headers.
                HttpPost post = new HttpPost(gateway + "/v1/chat/completions");
                post.setHeader("x-portkey-provider", "openai");
                post.setHeader("x-portkey-custom-host", stub.openAiEndpoint());
                post.setHeader("Authorization", "Bearer bench");
                post.setEntity(new StringEntity(directBody, ContentType.APPLICATION_JSON));
                return http.execute(post, response -> {
                    String body = EntityUtils.toString(response.getEntity());
                    if (response.getCode() != 200) {
                        throw new IllegalStateException("gateway answered " + response.getCode() + ": " + body);
                    }
                    return body;
                });
            };
            Router noDb = Router.start(spec, new UnlimitedSpending());
            Router withDb = null;
            Router withSlices = null;
            WriteBehind behind = null;
            HikariDataSource pooled = null;
            if (!"none".equals(jdbc)) {
                // A pool, as Kor'tana runs it: a connection per statement would measure connection set-up instead.
                HikariConfig pool = new HikariConfig();
                pool.setJdbcUrl(jdbc);
                pool.setSchema("kortana_bench");
                pool.setMaximumPoolSize(4);
                pooled = new HikariDataSource(pool);
                PGSimpleDataSource migrations = new PGSimpleDataSource();
                migrations.setUrl(jdbc);
                Migrations.migrate(migrations, "kortana_bench");
                // A ceiling far above what the run spends, so that every call does the budget work and none is refused.
                BudgetLimits ceiling = new BudgetLimits(null, null, Map.of("bench", new BigDecimal("1000000")));
                Database database = new Database(pooled);
                behind = WriteBehind.start(database, java.time.Duration.ofMillis(200), 100_000);
                withDb = Router.start(spec, new SpendStore(database, ceiling, Clock.systemUTC(), java.time.Duration.ofMinutes(5)));
                withSlices = Router.start(spec, new BudgetSlices(database, ceiling, Clock.systemUTC(), new BigDecimal("0.50"), behind));
            }

            System.out.printf("router overhead: %d calls per round, %d rounds, 1 thread, stub on %s%n", calls, rounds, stub.baseUrl());
            Histogram hDirect = new Histogram(3);
            Histogram hRouter = new Histogram(3);
            Histogram hRouterDb = new Histogram(3);
            Histogram hRouterSlices = new Histogram(3);
            Histogram hGateway = new Histogram(3);
            LatencyRows.measure(direct, calls / 2, null); // warm-up
            LatencyRows.measure(noDb.call(request), calls / 2, null);
            if (withDb != null) {
                LatencyRows.measure(withDb.call(request), calls / 2, null);
                LatencyRows.measure(withSlices.call(request), calls / 2, null);
            }
            if (viaGateway != null) {
                LatencyRows.measure(viaGateway, calls / 2, null);
            }
            for (int r = 0; r < rounds; r++) {
                LatencyRows.measure(direct, calls, hDirect);
                LatencyRows.measure(noDb.call(request), calls, hRouter);
                if (withDb != null) {
                    LatencyRows.measure(withDb.call(request), calls, hRouterDb);
                    LatencyRows.measure(withSlices.call(request), calls, hRouterSlices);
                }
                if (viaGateway != null) {
                    LatencyRows.measure(viaGateway, calls, hGateway);
                }
            }
            LatencyRows.print("direct HTTP (Apache HttpClient)", hDirect, null, "added");
            LatencyRows.print("router, no budget store", hRouter, hDirect, "added");
            if (withDb != null) {
                LatencyRows.print("router + budget, exact (2 tx per call)", hRouterDb, hDirect, "added");
                LatencyRows.print("router + budget, slices", hRouterSlices, hDirect, "added");
                withDb.stop();
                withSlices.stop();
                behind.close();
                pooled.close();
            }
            if (viaGateway != null) {
                LatencyRows.print("Portkey gateway 1.15.2 (Node)", hGateway, hDirect, "added");
            }
            noDb.stop();
        }
    }

    /** The model routes in a bare CamelContext, as Kor'tana wires them. */
    private record Router(DefaultCamelContext context, ProducerTemplate template) {
        static Router start(ModelSpec spec, Spending spending) throws Exception {
            ModelCatalog catalog = ModelCatalog.of(List.of(spec), new RoutingPolicy(Map.of(), 0, 10L, 1000L, 0, 0.2),
                    BreakerSettings.DEFAULTS, BudgetLimits.NONE, name -> null);
            DefaultCamelContext context = new DefaultCamelContext();
            new ModelBreakers(catalog).bind(context.getRegistry());
            context.getRegistry().bind("modelRouter", new ModelRouter(catalog, new ModelRouteTransport(context), spending,
                    record -> { }, duration -> { }));
            context.getRegistry().bind("offlineModel", new OfflineModel());
            context.addRoutes(new ModelRouterRoute(catalog));
            context.start();
            return new Router(context, context.createProducerTemplate());
        }

        Callable<Object> call(ModelRequest request) {
            return () -> template.requestBody(Endpoints.MODEL, request, ModelResponse.class);
        }

        void stop() {
            context.stop();
        }
    }
}
