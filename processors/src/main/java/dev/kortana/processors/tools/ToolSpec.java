package dev.kortana.processors.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool as declared in {@code tools.yaml} or registered through {@code POST /api/tools}. The same field names are
 * used in both places. Kind-specific fields are null for the other kinds; {@link ToolSpecCheck} says which kind
 * needs which.
 *
 * @param name          unique name, e.g. {@code memory.search}
 * @param kind          how it runs: one of {@link #KINDS}
 * @param description   what it does; planners choose tools by it
 * @param keywords      extra words that should select it in the offline planner
 * @param phase         where it sits in an offline plan: {@code gather}, {@code transform} or {@code emit}
 * @param requires      what the goal must contain for the offline planner to use it ({@code url}), or null
 * @param planArgs      argument template used by the offline planner
 * @param capabilities  what it can do, e.g. {@code search}, {@code inventory}
 * @param safety        safety tags: {@code external-network}, {@code writes-data}, {@code irreversible}, {@code reads-pii}…
 * @param argsSchema    JSON Schema its arguments must match before the call, or null for any object
 * @param resultSchema  JSON Schema its result must match after the call, or null for any result
 * @param idempotent    whether repeating a call is harmless; false puts every call through the idempotency ledger
 * @param timeoutMs     how long one call may take
 * @param retry         how often a call that failed for a passing reason is tried, and the pause between tries
 * @param concurrency   how many calls of this tool may run at once on one instance
 * @param region        where the tool runs (matched against a task's {@code dataResidency}), or null for anywhere
 * @param endpoint      {@code route}: the Camel endpoint URI the call is sent to
 * @param sql           {@code sql}: the one read-only statement, with {@code :name} parameters filled from the args
 * @param jdbcUrl       {@code sql}: the database
 * @param user          {@code sql}: the database user
 * @param passwordEnv   {@code sql}: the environment variable holding the password (never the password itself)
 * @param topics        {@code kafka}: the topics a call may publish to
 * @param prompt        {@code model}: the instruction sent with the arguments
 * @param honoursIdempotencyKey whether the tool acts once per {@code Idempotency-Key} (as Stripe-style APIs do), so a call
 *                      whose answer was lost may be sent again with the same key
 * @param patienceText  how long a task waits for this tool while it is down ({@code 30m}), or null for
 *                      {@code kortana.tools.patience}; see {@link Patience}
 * @param reconcile     how to find out whether a call whose answer was lost took effect, or null
 * @param healthCheck   an {@code http(s)} URL the tool answers with a 2xx while it is well ({@code health-check}), asked
 *                      through the HTTP allowlist every {@code kortana.tools.health-check-ms}; its answer is the tool's
 *                      heartbeat ({@code tool-health:<name>}); null: no heartbeat of its own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolSpec(
        String name,
        String kind,
        String description,
        List<String> keywords,
        String phase,
        String requires,
        @JsonProperty("plan-args") Map<String, Object> planArgs,
        List<String> capabilities,
        List<String> safety,
        @JsonProperty("args-schema") JsonNode argsSchema,
        @JsonProperty("result-schema") JsonNode resultSchema,
        boolean idempotent,
        @JsonProperty("timeout-ms") Long timeoutMs,
        ToolRetry retry,
        Integer concurrency,
        String region,
        String endpoint,
        String sql,
        @JsonProperty("jdbc-url") String jdbcUrl,
        String user,
        @JsonProperty("password-env") String passwordEnv,
        List<String> topics,
        String prompt,
        @JsonProperty("honours-idempotency-key") boolean honoursIdempotencyKey,
        @JsonProperty("patience") String patienceText,
        ReconcileCheck reconcile,
        @JsonProperty("health-check") String healthCheck) {

    private static final Pattern HEALTH_URL = Pattern.compile("https?://[^\\s{}]+");
    public static final List<String> PHASES = List.of("gather", "transform", "emit");
    public static final List<String> KINDS = List.of("http", "sql", "file", "kafka", "model", "memory", "route");
    public static final long DEFAULT_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_CONCURRENCY = 8;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tool name '" + name + "' must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
        }
        require(kind, name, "kind");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("tool " + name + ": kind '" + kind + "' is not one of " + KINDS);
        }
        require(description, name, "description");
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        phase = phase == null ? "transform" : phase;
        if (!PHASES.contains(phase)) {
            throw new IllegalArgumentException("tool " + name + ": phase '" + phase + "' is not one of " + PHASES);
        }
        planArgs = planArgs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(planArgs));
        capabilities = tags(capabilities, name, "capabilities");
        safety = tags(safety, name, "safety");
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        if (timeoutMs < 1 || timeoutMs > 3_600_000) {
            throw new IllegalArgumentException("tool " + name + ": timeout-ms must be from 1 to 3600000, not " + timeoutMs);
        }
        retry = retry == null ? ToolRetry.DEFAULT : retry;
        concurrency = concurrency == null ? DEFAULT_CONCURRENCY : concurrency;
        if (concurrency < 1 || concurrency > 1000) {
            throw new IllegalArgumentException("tool " + name + ": concurrency must be from 1 to 1000, not " + concurrency);
        }
        topics = topics == null ? null : List.copyOf(topics);
        if (patienceText != null) {
            Patience.parse(patienceText, "tool " + name + ": patience");
        }
        if (healthCheck != null && !HEALTH_URL.matcher(healthCheck).matches()) {
            throw new IllegalArgumentException("tool " + name + ": health-check must be an http(s) URL"
                    + " the tool answers with a 2xx while it is well, such as https://orders.example/health");
        }
    }

    /** A tool with only the fields the offline planner needs (tests and built-ins). */
    public ToolSpec(String name, String kind, String description, List<String> keywords, String phase, String requires,
            Map<String, Object> planArgs, List<String> safety, boolean idempotent) {
        this(name, kind, description, keywords, phase, requires, planArgs, null, safety, null, null, idempotent,
                null, null, null, null, null, null, null, null, null, null, null, false, null, null, null);
    }

    /** An idempotent {@code http} tool for one kind of GET (a reconcile check), with this timeout. */
    static ToolSpec httpGet(String name, String description, long timeoutMs) {
        return new ToolSpec(name, "http", description, null, null, null, null, null, null, null, null, true, timeoutMs, null,
                null, null, null, null, null, null, null, null, null, false, null, null, null);
    }

    /** How long a task waits for this tool while it is down; null when {@code kortana.tools.patience} applies. */
    public java.time.Duration patience() {
        return patienceText == null ? null : Patience.parse(patienceText, "tool " + name + ": patience");
    }

    public int phaseOrder() {
        return PHASES.indexOf(phase);
    }

    public boolean hasSafetyTag(String tag) {
        return safety.contains(tag);
    }

    private static void require(String value, String name, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("tool " + name + ": " + field + " is required");
        }
    }

    private static List<String> tags(List<String> tags, String name, String field) {
        if (tags == null) {
            return List.of();
        }
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("tool " + name + ": " + field + " entry '" + tag
                        + "' must be lower-case letters, digits and '-', like external-network");
            }
        }
        return List.copyOf(tags);
    }
}
