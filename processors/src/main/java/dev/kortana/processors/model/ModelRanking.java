package dev.kortana.processors.model;

import dev.kortana.contracts.ModelRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ranks the models for one call. Filters come first and are never relaxed: the capability the call needs, the task's
 * data residency, the context window, and the budget headroom (worst-case cost). The rest is ordered by the
 * purpose's strategy; near a budget ceiling every purpose is ranked cheapest-first.
 */
public final class ModelRanking {

    /** The ranked candidates, and why each other model was left out. */
    public record Ranked(List<ModelSpec> candidates, List<String> excluded, boolean budgetExcludedAny) {}

    private final List<ModelSpec> models;
    private final Map<ModelSpec, Integer> position = new IdentityHashMap<>();
    private final RoutingPolicy policy;
    private final Function<String, Double> latencyMs;

    /** {@code latencyMs} gives a model's measured latency, or a negative number when unmeasured. */
    public ModelRanking(List<ModelSpec> models, RoutingPolicy policy, Function<String, Double> latencyMs) {
        this.models = List.copyOf(models);
        for (int i = 0; i < this.models.size(); i++) {
            position.put(this.models.get(i), i);
        }
        this.policy = policy;
        this.latencyMs = latencyMs;
    }

    /** Models that may serve the call at all, before money is considered. */
    public List<ModelSpec> eligible(ModelRequest request, List<String> excluded) {
        String residency = request.constraints().dataResidency();
        long likelyTokens = Prompts.maxPromptTokens(request) / 4;
        List<ModelSpec> out = new ArrayList<>();
        for (ModelSpec m : models) {
            if (!m.can(request.purpose())) {
                excluded.add(m.name() + ": no '" + request.purpose() + "' capability");
            } else if (!m.satisfies(residency)) {
                excluded.add(m.name() + ": region '" + m.region() + "' and tags " + m.compliance()
                        + " do not satisfy dataResidency '" + residency + "'");
            } else if (likelyTokens + m.maxOutputTokens() > m.contextWindow()) {
                excluded.add(m.name() + ": prompt of about " + likelyTokens + " tokens does not fit its context window of "
                        + m.contextWindow());
            } else {
                out.add(m);
            }
        }
        return out;
    }

    /** Filters, then ranks: the whole selection for one call. */
    public Ranked rank(ModelRequest request, Spending.Headroom headroom) {
        List<String> excluded = new ArrayList<>();
        return rank(request, eligible(request, excluded), excluded, headroom);
    }

    /** Ranks the {@code eligible} models; {@code excluded} holds the reasons of those {@link #eligible} left out. */
    public Ranked rank(ModelRequest request, List<ModelSpec> eligible, List<String> excluded, Spending.Headroom headroom) {
        excluded = new ArrayList<>(excluded);
        long promptTokens = Prompts.maxPromptTokens(request);
        boolean budgetExcluded = false;
        List<ModelSpec> affordable = new ArrayList<>();
        for (ModelSpec m : eligible) {
            BigDecimal worst = m.worstCase(promptTokens);
            if (m.isFree() || headroom.allows(worst)) {
                affordable.add(m);
            } else {
                budgetExcluded = true;
                excluded.add(m.name() + ": worst case $" + worst.stripTrailingZeros().toPlainString() + " exceeds the $"
                        + headroom.remaining().stripTrailingZeros().toPlainString() + " left in " + headroom.bindingScope());
            }
        }
        String strategy = headroom.nearCeiling() ? "cheapest" : policy.strategyFor(request.purpose());
        affordable.sort(order(strategy, promptTokens));
        return new Ranked(List.copyOf(affordable), List.copyOf(excluded), budgetExcluded);
    }

    private Comparator<ModelSpec> order(String strategy, long promptTokens) {
        Comparator<ModelSpec> byCost = Comparator.comparing(m -> m.worstCase(promptTokens));
        // Unmeasured models sort first under "fastest" so they get measured.
        Comparator<ModelSpec> byLatency = Comparator.comparingDouble(m -> Math.max(0, latencyMs.apply(m.name())));
        Comparator<ModelSpec> byPosition = Comparator.comparingInt(position::get);
        return switch (strategy) {
            case "fastest" -> byLatency.thenComparing(byCost).thenComparing(byPosition);
            case "ordered" -> byPosition;
            default -> byCost.thenComparing(byLatency).thenComparing(byPosition);
        };
    }
}
