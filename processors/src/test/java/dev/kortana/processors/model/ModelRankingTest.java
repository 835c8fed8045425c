package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.TaskConstraints;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelRankingTest {

    // Prompt "p" (1 byte) + input "{}" (2 bytes) + 32 framing tokens = 35 prompt tokens at most.
    private static final long PROMPT_TOKENS = 35;

    private final Map<String, Double> latency = new HashMap<>();

    @Test
    void leavesOutModelsWithoutTheCapability() {
        ModelSpec planner = spec("planner", "0", "us", Set.of(), Set.of("plan"));
        ModelSpec summarizer = spec("summarizer", "0", "us", Set.of(), Set.of("summarize"));

        ModelRanking.Ranked ranked = ranking(List.of(planner, summarizer), Map.of())
                .rank(request("plan", null), Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("planner");
        assertThat(ranked.excluded()).singleElement().asString().contains("summarizer").contains("no 'plan' capability");
        assertThat(ranked.budgetExcludedAny()).isFalse();
    }

    @Test
    void keepsOnlyModelsWhoseRegionOrComplianceTagMatchesTheResidency() {
        ModelSpec euRegion = spec("eu-region", "0", "eu", Set.of(), Set.of("plan"));
        ModelSpec euTagged = spec("eu-tagged", "0", "local", Set.of("eu", "us"), Set.of("plan"));
        ModelSpec usOnly = spec("us-only", "0", "us", Set.of("us"), Set.of("plan"));

        ModelRanking.Ranked ranked = ranking(List.of(euRegion, euTagged, usOnly), Map.of())
                .rank(request("plan", "EU"), Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("eu-region", "eu-tagged");
        assertThat(ranked.excluded()).singleElement().asString().contains("us-only").contains("dataResidency 'EU'");
    }

    @Test
    void acceptsEveryRegionWhenTheTaskHasNoResidency() {
        ModelSpec eu = spec("eu", "0", "eu", Set.of(), Set.of("plan"));
        ModelSpec us = spec("us", "0", "us", Set.of(), Set.of("plan"));

        ModelRanking.Ranked ranked = ranking(List.of(eu, us), Map.of())
                .rank(request("plan", null), Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("eu", "us");
        assertThat(ranked.excluded()).isEmpty();
    }

    @Test
    void leavesOutModelsWhoseContextWindowCannotHoldThePrompt() {
        ModelSpec small = new ModelSpec("small", "openai", "http://h", "m", null, BigDecimal.ZERO, BigDecimal.ZERO,
                "us", Set.of(), Set.of("summarize"), 8192, 1024, null, null);
        ModelSpec large = new ModelSpec("large", "openai", "http://h", "m", null, BigDecimal.ZERO, BigDecimal.ZERO,
                "us", Set.of(), Set.of("summarize"), 128_000, 1024, null, null);
        // about 40000 bytes → about 10000 likely tokens: too many for 8192 - 1024
        ModelRequest big = new ModelRequest("summarize", "t-1", "x".repeat(40_000), null);

        ModelRanking.Ranked ranked = ranking(List.of(small, large), Map.of()).rank(big, Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("large");
        assertThat(ranked.excluded()).singleElement().asString().contains("small").contains("context window of 8192");
    }

    @Test
    void leavesOutPaidModelsWhoseWorstCaseExceedsTheHeadroom() {
        ModelSpec cheap = spec("cheap", "1", "us", Set.of(), Set.of("plan"));   // worst case (35 + 1000) / 1000 = 1.035
        ModelSpec dear = spec("dear", "2", "us", Set.of(), Set.of("plan"));     // worst case 2.07
        ModelSpec free = spec("free", "0", "us", Set.of(), Set.of("plan"));
        assertThat(cheap.worstCase(PROMPT_TOKENS)).isEqualByComparingTo("1.035");

        ModelRanking.Ranked ranked = ranking(List.of(dear, cheap, free), Map.of())
                .rank(request("plan", null), new Spending.Headroom(new BigDecimal("1.50"), false, "task t-1"));

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("free", "cheap");
        assertThat(ranked.budgetExcludedAny()).isTrue();
        assertThat(ranked.excluded()).singleElement().asString()
                .contains("dear").contains("worst case $2.07").contains("$1.5 left in task t-1");
    }

    @Test
    void neverExcludesAFreeModelForBudget() {
        ModelSpec free = spec("free", "0", "us", Set.of(), Set.of("plan"));

        ModelRanking.Ranked ranked = ranking(List.of(free), Map.of())
                .rank(request("plan", null), new Spending.Headroom(BigDecimal.ZERO, true, "global day"));

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("free");
        assertThat(ranked.budgetExcludedAny()).isFalse();
    }

    @Test
    void cheapestRanksByWorstCaseThenLatency() {
        ModelSpec dear = spec("dear", "3", "us", Set.of(), Set.of("plan"));
        ModelSpec cheapSlow = spec("cheap-slow", "1", "us", Set.of(), Set.of("plan"));
        ModelSpec cheapFast = spec("cheap-fast", "1", "us", Set.of(), Set.of("plan"));
        latency.put("cheap-slow", 900.0);
        latency.put("cheap-fast", 100.0);
        latency.put("dear", 10.0);

        ModelRanking.Ranked ranked = ranking(List.of(dear, cheapSlow, cheapFast), Map.of("plan", "cheapest"))
                .rank(request("plan", null), Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("cheap-fast", "cheap-slow", "dear");
    }

    @Test
    void fastestRanksByMeasuredLatencyWithUnmeasuredModelsFirst() {
        ModelSpec slow = spec("slow", "0", "us", Set.of(), Set.of("plan"));
        ModelSpec fast = spec("fast", "1", "us", Set.of(), Set.of("plan"));
        ModelSpec unmeasured = spec("unmeasured", "2", "us", Set.of(), Set.of("plan"));
        latency.put("slow", 800.0);
        latency.put("fast", 50.0);

        ModelRanking.Ranked ranked = ranking(List.of(slow, fast, unmeasured), Map.of("plan", "fastest"))
                .rank(request("plan", null), Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("unmeasured", "fast", "slow");
    }

    @Test
    void orderedKeepsTheOrderOfTheFile() {
        ModelSpec dear = spec("dear", "3", "us", Set.of(), Set.of("plan"));
        ModelSpec free = spec("free", "0", "us", Set.of(), Set.of("plan"));
        ModelSpec middle = spec("middle", "1", "us", Set.of(), Set.of("plan"));

        ModelRanking.Ranked ranked = ranking(List.of(dear, free, middle), Map.of("plan", "ordered"))
                .rank(request("plan", null), Spending.Headroom.UNLIMITED);

        assertThat(ranked.candidates()).extracting(ModelSpec::name).containsExactly("dear", "free", "middle");
    }

    @Test
    void ranksCheapestFirstNearABudgetCeilingWhateverTheStrategy() {
        ModelSpec dear = spec("dear", "3", "us", Set.of(), Set.of("plan"));
        ModelSpec cheap = spec("cheap", "1", "us", Set.of(), Set.of("plan"));
        ModelRanking ranking = ranking(List.of(dear, cheap), Map.of("plan", "ordered"));

        ModelRanking.Ranked relaxed = ranking.rank(request("plan", null), new Spending.Headroom(new BigDecimal("100"), false, "tenant"));
        ModelRanking.Ranked near = ranking.rank(request("plan", null), new Spending.Headroom(new BigDecimal("100"), true, "tenant"));

        assertThat(relaxed.candidates()).extracting(ModelSpec::name).containsExactly("dear", "cheap");
        assertThat(near.candidates()).extracting(ModelSpec::name).containsExactly("cheap", "dear");
    }

    @Test
    void usesTheStrategyOfThePurposeAndCheapestWhenNoneIsSet() {
        ModelSpec dear = spec("dear", "3", "us", Set.of(), Set.of("plan", "reflect"));
        ModelSpec cheap = spec("cheap", "1", "us", Set.of(), Set.of("plan", "reflect"));
        ModelRanking ranking = ranking(List.of(dear, cheap), Map.of("plan", "ordered"));

        assertThat(ranking.rank(request("plan", null), Spending.Headroom.UNLIMITED).candidates())
                .extracting(ModelSpec::name).containsExactly("dear", "cheap");
        assertThat(ranking.rank(request("reflect", null), Spending.Headroom.UNLIMITED).candidates())
                .extracting(ModelSpec::name).containsExactly("cheap", "dear");
    }

    private ModelRanking ranking(List<ModelSpec> models, Map<String, String> strategies) {
        RoutingPolicy policy = new RoutingPolicy(strategies, null, null, null, null, null);
        return new ModelRanking(models, policy, name -> latency.getOrDefault(name, -1.0));
    }

    private static ModelRequest request(String purpose, String residency) {
        return new ModelRequest(purpose, "t-1", "acme", new TaskConstraints(null, null, residency, null, false), "p", null);
    }

    /** A model priced {@code price} USD per 1000 tokens in and out, with 1000 output tokens at most. */
    private static ModelSpec spec(String name, String price, String region, Set<String> compliance, Set<String> capabilities) {
        return new ModelSpec(name, "openai", "https://api.example.com/v1", name, null, new BigDecimal(price),
                new BigDecimal(price), region, compliance, capabilities, 100_000, 1000, null, null);
    }
}
