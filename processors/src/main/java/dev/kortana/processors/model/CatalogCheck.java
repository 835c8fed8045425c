package dev.kortana.processors.model;

import java.math.BigDecimal;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The start-up checks of a model catalog; the first problem stops the start, naming the file, the key and the fix. */
final class CatalogCheck {

    /** Names whose route id ({@code model-<name>}) a built-in route already has. */
    private static final Set<String> RESERVED = Set.of("router", "dispatch");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    /** Headers the HTTP client or the protocol sets for every call. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
            "transfer-encoding", "connection", "accept");

    private CatalogCheck() {}

    /** Checks every model; returns the API key of each model that names one, read through {@code env}. */
    static Map<String, String> models(String origin, List<ModelSpec> models, Function<String, String> env) {
        require(models != null && !models.isEmpty(), origin + ": no models declared under 'models:';"
                + " declare at least the offline model (provider: offline)");
        Set<String> names = new HashSet<>();
        Map<String, String> keys = new java.util.HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelSpec m = models.get(i);
            String at = origin + ": models[" + i + "]" + (m.name() == null ? "" : " (" + m.name() + ")");
            require(m.name() != null && NAME.matcher(m.name()).matches(), at + ".name must be lower-case letters,"
                    + " digits, '.', '_' or '-' (it names a route), e.g. name: gpt-4o-mini");
            require(names.add(m.name()), at + ".name is declared twice; give each model its own name");
            require(!RESERVED.contains(m.name()), at + ".name '" + m.name() + "' is taken by a built-in route; choose another");
            require(m.provider() != null && ModelSpec.PROVIDERS.contains(m.provider()), at + ".provider is '"
                    + m.provider() + "'; use one of openai (any OpenAI-compatible server), anthropic, ollama, offline");
            if (!m.provider().equals("offline")) {
                require(m.endpoint() != null && isHttpUrl(m.endpoint()), at + ".endpoint must be an http(s) base URL,"
                        + " e.g. https://api.openai.com/v1 (openai), https://api.anthropic.com (anthropic),"
                        + " http://localhost:11434 (ollama)");
                require(m.model() != null && !m.model().isBlank(), at + ".model is required: the provider's model"
                        + " name, e.g. gpt-4o-mini");
            }
            require(!m.capabilities().isEmpty(), at + ".capabilities is empty; list what the model may do, from "
                    + ModelSpec.CAPABILITIES);
            for (String c : m.capabilities()) {
                require(ModelSpec.CAPABILITIES.contains(c), at + ".capabilities has '" + c + "'; use "
                        + ModelSpec.CAPABILITIES);
            }
            require(m.pricePer1kInput().signum() >= 0 && m.pricePer1kOutput().signum() >= 0,
                    at + ": prices must not be negative");
            require(m.timeoutMs() > 0, at + ".timeout-ms must be positive");
            require(m.maxConcurrency() > 0, at + ".max-concurrency must be at least 1");
            require(m.maxOutputTokens() > 0 && m.maxOutputTokens() < m.contextWindow(), at
                    + ".max-output-tokens must be positive and below context-window");
            if (m.apiKeyEnv() != null && !m.apiKeyEnv().isBlank()) {
                // Never echo the value: a key pasted here by mistake must not end up in the log.
                require(ENV_NAME.matcher(m.apiKeyEnv()).matches(), at + ".api-key-env must be the name of an"
                        + " environment variable (e.g. OPENAI_API_KEY), not the key itself");
                require(!m.endpoint().startsWith("http:") || isLoopback(m.endpoint()), at + ".endpoint uses http with an"
                        + " API key, which would travel in clear text; use https (plain http is allowed to this machine only)");
                String key = env.apply(m.apiKeyEnv());
                require(key != null && !key.isBlank(), at + ".api-key-env names " + m.apiKeyEnv()
                        + ", which is not set; export " + m.apiKeyEnv() + "=<key> or remove the model");
                require(cleanValue(key), at + ".api-key-env: the value of " + m.apiKeyEnv() + " has a control character"
                        + " or spaces at an end (a CRLF file?); set it to the bare key");
                keys.put(m.name(), key);
            }
        }
        return keys;
    }

    /**
     * Checks each model's {@code headers} (a header name → the environment variable holding its value) and returns the
     * values by model. Like an API key: never in the file, never over plain http to another machine, and a variable
     * that is not set stops the start.
     */
    static Map<String, Map<String, String>> headers(String origin, List<ModelSpec> models, Function<String, String> env) {
        Map<String, Map<String, String>> byModel = new java.util.HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            ModelSpec m = models.get(i);
            String at = origin + ": models[" + i + "] (" + m.name() + ").headers";
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> h : m.headers().entrySet()) {
                require(HEADER_NAME.matcher(h.getKey()).matches(), at + " has '" + h.getKey() + "', which is not a header name");
                String lower = h.getKey().toLowerCase(java.util.Locale.ROOT);
                require(!RESERVED_HEADERS.contains(lower) && !lower.startsWith("camel") && !lower.startsWith("org.apache.camel"),
                        at + "." + h.getKey() + " is set by Kor'tana or Camel itself; leave it out");
                require(h.getValue() != null && ENV_NAME.matcher(h.getValue()).matches(), at + "." + h.getKey()
                        + " must name the environment variable that holds the value (e.g. PORTKEY_API_KEY), not the value");
                require(m.endpoint() == null || !m.endpoint().startsWith("http:") || isLoopback(m.endpoint()), at + ": headers would travel in"
                        + " clear text over http; use https (plain http is allowed to this machine only)");
                String value = env.apply(h.getValue());
                require(value != null && !value.isBlank(), at + "." + h.getKey() + " names " + h.getValue()
                        + ", which is not set; export " + h.getValue() + "=<value> or remove the header");
                require(cleanValue(value), at + "." + h.getKey() + ": the value of " + h.getValue() + " has a control"
                        + " character or spaces at an end (a CRLF file?); set it to the bare value");
                values.put(h.getKey(), value);
            }
            byModel.put(m.name(), Map.copyOf(values));
        }
        return byModel;
    }

    /** Checks {@code routing:}; returns it, or the defaults when the file has none. */
    static RoutingPolicy routing(String origin, RoutingPolicy declared) {
        RoutingPolicy routing = declared == null ? RoutingPolicy.DEFAULTS : declared;
        routing.strategies().forEach((purpose, strategy) -> {
            require(Set.of("plan", "reflect", "summarize").contains(purpose), origin + ": routing.strategies."
                    + purpose + " is not a purpose; use plan, reflect or summarize");
            require(RoutingPolicy.STRATEGIES.contains(strategy), origin + ": routing.strategies." + purpose + " is '"
                    + strategy + "'; use one of " + RoutingPolicy.STRATEGIES);
        });
        require(routing.retries() >= 0 && routing.retries() <= 5, origin + ": routing.retries must be 0 to 5");
        require(routing.planRepairs() >= 0 && routing.planRepairs() <= 5, origin + ": routing.plan-repairs must be 0 to 5");
        require(routing.backoffMs() >= 0 && routing.backoffMs() <= 60_000, origin + ": routing.backoff-ms must be 0 to 60000");
        require(routing.budgetWaitMs() >= 0, origin + ": routing.budget-wait-ms must not be negative");
        require(routing.maxRetryAfterMs() >= 0, origin + ": routing.max-retry-after-ms must not be negative");
        require(routing.economyBelow() >= 0 && routing.economyBelow() < 1, origin
                + ": routing.economy-below is a share of the budget, from 0 to below 1 (e.g. 0.2)");
        return routing;
    }

    /** Checks {@code breaker:}; returns it, or the defaults when the file has none. */
    static BreakerSettings breaker(String origin, BreakerSettings declared) {
        BreakerSettings breaker = declared == null ? BreakerSettings.DEFAULTS : declared;
        require(breaker.failureRatePercent() > 0 && breaker.failureRatePercent() <= 100, origin
                + ": breaker.failure-rate-percent must be 1 to 100");
        require(breaker.minimumCalls() >= 1 && breaker.window() >= breaker.minimumCalls(), origin
                + ": breaker.window must be at least breaker.minimum-calls (and both at least 1)");
        require(breaker.halfOpenCalls() >= 1, origin + ": breaker.half-open-calls must be at least 1");
        require(breaker.cooldownMs() > 0, origin + ": breaker.cooldown-ms must be positive");
        return breaker;
    }

    /** Checks {@code budgets:}; returns them, or no ceilings when the file has none. */
    static BudgetLimits budgets(String origin, BudgetLimits declared) {
        BudgetLimits budgets = declared == null ? BudgetLimits.NONE : declared;
        checkCeiling(origin + ": budgets.global-daily-usd", budgets.globalDailyUsd());
        checkCeiling(origin + ": budgets.tenant-daily-usd", budgets.tenantDailyUsd());
        budgets.tenants().forEach((tenant, ceiling) -> checkCeiling(origin + ": budgets.tenants." + tenant, ceiling));
        return budgets;
    }

    private static void checkCeiling(String key, BigDecimal ceiling) {
        require(ceiling == null || ceiling.signum() >= 0, key + " must not be negative; leave it out for no ceiling");
    }

    /** A secret fit for a header: no control character (CR, LF), no space at either end. */
    private static boolean cleanValue(String value) {
        return value.equals(value.strip()) && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static boolean isLoopback(String url) {
        String host = URI.create(url).getHost();
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
