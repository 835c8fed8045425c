package dev.kortana.processors.tools;

import dev.kortana.processors.intake.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a registration needs beyond its shape: usable schemas and the settings its kind runs on. Registrations
 * arriving through the API are held to more: a {@code route} tool may only send to the endpoint schemes the
 * operator opened for run-time registration ({@code kortana.tools.route.api-schemes}).
 */
public final class ToolSpecCheck {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CLASS_OPTIONS = Pattern.compile(
            "(?i)[?&](socketFactory|sslfactory|sslhostnameverifier|sslpasswordcallback|authenticationPluginClassName)\\b");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final List<String> KEYED_KINDS = List.of("http", "route", "kafka");

    private final Set<String> apiRouteSchemes;

    public ToolSpecCheck(Set<String> apiRouteSchemes) {
        this.apiRouteSchemes = Set.copyOf(apiRouteSchemes);
    }

    /** Problems of a registration from tools.yaml, where the operator may use any endpoint. */
    public List<FieldProblem> fromFile(ToolSpec spec) {
        return problems(spec, false);
    }

    /** Problems of a registration from {@code POST /api/tools}. */
    public List<FieldProblem> fromApi(ToolSpec spec) {
        return problems(spec, true);
    }

    private List<FieldProblem> problems(ToolSpec spec, boolean api) {
        List<FieldProblem> problems = new ArrayList<>();
        ToolSchemas.problem(spec.argsSchema()).ifPresent(p -> problems.add(
                new FieldProblem("args-schema", p, "give a JSON Schema (draft 2020-12) for the arguments object")));
        ToolSchemas.problem(spec.resultSchema()).ifPresent(p -> problems.add(
                new FieldProblem("result-schema", p, "give a JSON Schema (draft 2020-12) for the result")));
        recovery(spec, problems);
        switch (spec.kind()) {
            case "route" -> route(spec, api, problems);
            case "sql" -> sql(spec, problems);
            case "kafka" -> kafka(spec, problems);
            default -> { }
        }
        return problems;
    }

    /** What settles a lost answer must fit the tool: only a non-idempotent tool needs it, only some kinds send a key. */
    private static void recovery(ToolSpec spec, List<FieldProblem> problems) {
        if (spec.honoursIdempotencyKey() && !KEYED_KINDS.contains(spec.kind())) {
            problems.add(new FieldProblem("honours-idempotency-key", "a " + spec.kind() + " tool sends no Idempotency-Key",
                    "leave it out; only " + KEYED_KINDS + " tools send the key"));
        }
        if (spec.idempotent() && (spec.honoursIdempotencyKey() || spec.reconcile() != null)) {
            problems.add(new FieldProblem(spec.reconcile() != null ? "reconcile" : "honours-idempotency-key",
                    "is only for a non-idempotent tool: an idempotent call is simply tried again",
                    "leave it out, or set idempotent: false if a repeated call would act twice"));
        }
        if (spec.reconcile() != null && spec.name().equals(spec.reconcile().tool())) {
            problems.add(new FieldProblem("reconcile", "names the tool itself",
                    "name a tool that looks the call up, e.g. orders.lookup, or give a url"));
        }
    }

    private void route(ToolSpec spec, boolean api, List<FieldProblem> problems) {
        String endpoint = spec.endpoint();
        if (endpoint == null || endpoint.isBlank() || !endpoint.contains(":")) {
            problems.add(new FieldProblem("endpoint", "a route tool needs the Camel endpoint URI it sends calls to",
                    "set endpoint, e.g. direct:inventory-lookup or seda:orders"));
            return;
        }
        String scheme = endpoint.substring(0, endpoint.indexOf(':')).toLowerCase(Locale.ROOT);
        if (api && !apiRouteSchemes.contains(scheme)) {
            problems.add(new FieldProblem("endpoint", "scheme '" + scheme + "' cannot be registered through the API; allowed: "
                    + apiRouteSchemes, "declare the tool in tools.yaml, or add the scheme to kortana.tools.route.api-schemes"));
        }
    }

    private static void sql(ToolSpec spec, List<FieldProblem> problems) {
        if (spec.sql() == null || spec.sql().isBlank()) {
            problems.add(new FieldProblem("sql", "a sql tool needs its statement", "set sql, e.g. SELECT * FROM items WHERE id = :id"));
        } else {
            ReadOnlySql.problem(spec.sql()).ifPresent(p -> problems.add(
                    new FieldProblem("sql", p, "use one SELECT, WITH … SELECT, VALUES or TABLE statement")));
        }
        if (spec.jdbcUrl() == null || !spec.jdbcUrl().startsWith("jdbc:postgresql:")) {
            problems.add(new FieldProblem("jdbc-url", "a sql tool needs a PostgreSQL JDBC URL",
                    "set jdbc-url, e.g. jdbc:postgresql://db.internal:5432/shop"));
        }
        if (spec.jdbcUrl() != null && CLASS_OPTIONS.matcher(spec.jdbcUrl()).find()) {
            problems.add(new FieldProblem("jdbc-url", "names a driver option that loads a Java class",
                    "remove socketFactory, sslfactory, sslhostnameverifier, sslpasswordcallback and authenticationPluginClassName"));
        }
        if (spec.passwordEnv() != null && !ENV_NAME.matcher(spec.passwordEnv()).matches()) {
            problems.add(new FieldProblem("password-env", "must name an environment variable, not hold the password",
                    "export the password as e.g. SHOP_DB_PASSWORD and set password-env: SHOP_DB_PASSWORD"));
        }
    }

    private static void kafka(ToolSpec spec, List<FieldProblem> problems) {
        if (spec.topics() == null || spec.topics().isEmpty()) {
            problems.add(new FieldProblem("topics", "a kafka tool needs the topics it may publish to",
                    "set topics, e.g. [orders.requests]"));
            return;
        }
        spec.topics().stream().filter(t -> t == null || !TOPIC.matcher(t).matches() || t.equals(".") || t.equals("..")).forEach(t -> problems.add(
                new FieldProblem("topics", "'" + t + "' is not a Kafka topic name", "use letters, digits, '.', '_' and '-'")));
    }
}
