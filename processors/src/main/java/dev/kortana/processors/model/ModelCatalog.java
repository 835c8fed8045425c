package dev.kortana.processors.model;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The models Kor'tana may route to, with the routing, breaker and budget settings, loaded from {@code models.yaml}.
 * Everything is checked at start-up; an error names the file, the key and the fix, so a bad file never starts.
 */
public final class ModelCatalog {

    /** What models.yaml declares, as Jackson maps it; nested here because its name shows in an unknown-key message. */
    record CatalogFile(List<ModelSpec> models, RoutingPolicy routing, BreakerSettings breaker, BudgetLimits budgets) {}

    private final List<ModelSpec> models;
    private final Map<String, String> apiKeys;
    private final Map<String, Map<String, String>> headers;
    private final RoutingPolicy routing;
    private final BreakerSettings breaker;
    private final BudgetLimits budgets;

    private ModelCatalog(List<ModelSpec> models, Map<String, String> apiKeys, Map<String, Map<String, String>> headers,
            RoutingPolicy routing, BreakerSettings breaker, BudgetLimits budgets) {
        this.models = List.copyOf(models);
        this.apiKeys = Map.copyOf(apiKeys);
        this.headers = Map.copyOf(headers);
        this.routing = routing;
        this.breaker = breaker;
        this.budgets = budgets;
    }

    /**
     * Reads and checks a catalog. {@code origin} names the file in errors; {@code env} looks up API key variables
     * (System::getenv in production).
     */
    public static ModelCatalog load(InputStream yaml, String origin, Function<String, String> env) {
        return check(origin, CatalogFileReader.read(yaml, origin), env);
    }

    /** A catalog built in code (tests, benchmarks); checked like a file. */
    public static ModelCatalog of(List<ModelSpec> models, RoutingPolicy routing, BreakerSettings breaker,
            BudgetLimits budgets, Function<String, String> env) {
        return check("models", new CatalogFile(models, routing, breaker, budgets), env);
    }

    private static ModelCatalog check(String origin, CatalogFile file, Function<String, String> env) {
        Map<String, String> keys = CatalogCheck.models(origin, file.models(), env);
        Map<String, Map<String, String>> headers = CatalogCheck.headers(origin, file.models(), env);
        RoutingPolicy routing = CatalogCheck.routing(origin, file.routing());
        BreakerSettings breaker = CatalogCheck.breaker(origin, file.breaker());
        BudgetLimits budgets = CatalogCheck.budgets(origin, file.budgets());
        return new ModelCatalog(file.models(), keys, headers, routing, breaker, budgets);
    }

    public List<ModelSpec> all() {
        return models;
    }

    public Optional<ModelSpec> find(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The API key of {@code model}, read from its environment variable at start-up; null when it needs none. */
    public String apiKey(String model) {
        return apiKeys.get(model);
    }

    /** The extra headers of {@code model} with their values, read from their environment variables at start-up. */
    public Map<String, String> headers(String model) {
        return headers.getOrDefault(model, Map.of());
    }

    public RoutingPolicy routing() {
        return routing;
    }

    public BreakerSettings breaker() {
        return breaker;
    }

    public BudgetLimits budgets() {
        return budgets;
    }
}
