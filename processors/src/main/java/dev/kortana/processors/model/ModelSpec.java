package dev.kortana.processors.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One model as declared in {@code models.yaml}. Checked by {@link ModelCatalog}, which names the file and key of
 * anything wrong.
 *
 * @param name             unique name, used in route ids ({@code model-<name>}), metrics and the API
 * @param provider         wire protocol: {@code openai} (any OpenAI-compatible server), {@code anthropic},
 *                         {@code ollama} or {@code offline}
 * @param endpoint         base URL: {@code https://api.openai.com/v1}, {@code https://api.anthropic.com},
 *                         {@code http://localhost:11434}
 * @param model            the provider's model name
 * @param apiKeyEnv        environment variable holding the API key; keys are never written in files
 * @param pricePer1kInput  USD per 1000 prompt tokens
 * @param pricePer1kOutput USD per 1000 completion tokens
 * @param region           where the model runs, e.g. {@code eu}
 * @param compliance       compliance and residency tags, e.g. {@code eu}, {@code hipaa}
 * @param capabilities     what the model may be asked to do: {@code plan}, {@code reflect}, {@code summarize},
 *                         {@code tools}, {@code json}
 * @param contextWindow    tokens the model accepts; larger prompts go elsewhere
 * @param maxOutputTokens  completion limit sent with every call, which also bounds the worst-case cost
 * @param timeoutMs        how long one call may take
 * @param maxConcurrency   calls in flight at once; more wait for a free slot
 * @param headers          extra request headers, each the name of the environment variable that holds its value (a
 *                         gateway's key, Azure's {@code api-key}); values are never written in files either
 */
public record ModelSpec(
        String name,
        String provider,
        String endpoint,
        String model,
        @JsonProperty("api-key-env") String apiKeyEnv,
        @JsonProperty("price-per-1k-input") BigDecimal pricePer1kInput,
        @JsonProperty("price-per-1k-output") BigDecimal pricePer1kOutput,
        String region,
        Set<String> compliance,
        Set<String> capabilities,
        @JsonProperty("context-window") Integer contextWindow,
        @JsonProperty("max-output-tokens") Integer maxOutputTokens,
        @JsonProperty("timeout-ms") Integer timeoutMs,
        @JsonProperty("max-concurrency") Integer maxConcurrency,
        Map<String, String> headers) {

    public static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama", "offline");
    public static final Set<String> CAPABILITIES = Set.of("plan", "reflect", "summarize", "tools", "json");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    public ModelSpec {
        provider = provider == null ? null : provider.trim().toLowerCase(Locale.ROOT);
        if ("openai-compatible".equals(provider)) {
            provider = "openai";
        }
        pricePer1kInput = pricePer1kInput == null ? BigDecimal.ZERO : pricePer1kInput;
        pricePer1kOutput = pricePer1kOutput == null ? BigDecimal.ZERO : pricePer1kOutput;
        region = region == null ? "" : region.trim().toLowerCase(Locale.ROOT);
        compliance = lowerCase(compliance);
        capabilities = lowerCase(capabilities);
        contextWindow = contextWindow == null ? 8192 : contextWindow;
        maxOutputTokens = maxOutputTokens == null ? 1024 : maxOutputTokens;
        timeoutMs = timeoutMs == null ? 30_000 : timeoutMs;
        maxConcurrency = maxConcurrency == null ? 8 : maxConcurrency;
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A model without extra headers (catalogs built in code). */
    public ModelSpec(String name, String provider, String endpoint, String model, String apiKeyEnv,
            BigDecimal pricePer1kInput, BigDecimal pricePer1kOutput, String region, Set<String> compliance,
            Set<String> capabilities, Integer contextWindow, Integer maxOutputTokens, Integer timeoutMs,
            Integer maxConcurrency) {
        this(name, provider, endpoint, model, apiKeyEnv, pricePer1kInput, pricePer1kOutput, region, compliance,
                capabilities, contextWindow, maxOutputTokens, timeoutMs, maxConcurrency, null);
    }

    /** Whether the model may be asked for {@code purpose}. */
    public boolean can(String purpose) {
        return capabilities.contains(purpose);
    }

    /** Whether data bound to {@code residency} may go to this model: its region or one of its tags must match. */
    public boolean satisfies(String residency) {
        if (residency == null || residency.isBlank()) {
            return true;
        }
        String wanted = residency.trim().toLowerCase(Locale.ROOT);
        return region.equals(wanted) || compliance.contains(wanted);
    }

    /** What a call with these token counts costs, in USD. */
    public BigDecimal cost(long tokensIn, long tokensOut) {
        return pricePer1kInput.multiply(BigDecimal.valueOf(tokensIn))
                .add(pricePer1kOutput.multiply(BigDecimal.valueOf(tokensOut)))
                .divide(THOUSAND, 8, RoundingMode.UP);
    }

    /** The most a call with {@code tokensIn} prompt tokens can cost: the completion is capped at maxOutputTokens. */
    public BigDecimal worstCase(long tokensIn) {
        return cost(tokensIn, maxOutputTokens);
    }

    @JsonIgnore
    public boolean isFree() {
        return pricePer1kInput.signum() == 0 && pricePer1kOutput.signum() == 0;
    }

    @JsonIgnore
    public Duration timeout() {
        return Duration.ofMillis(timeoutMs);
    }

    private static Set<String> lowerCase(Set<String> values) {
        Set<String> out = new TreeSet<>();
        if (values != null) {
            values.stream().filter(java.util.Objects::nonNull).forEach(v -> out.add(v.trim().toLowerCase(Locale.ROOT)));
        }
        return java.util.Collections.unmodifiableSet(out);
    }
}
