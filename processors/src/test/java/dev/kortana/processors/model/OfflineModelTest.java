package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.contracts.ModelRequest;
import dev.kortana.contracts.ModelResponse;
import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.tools.ShippedCatalog;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineModelTest {

    private final OfflineModel model = new OfflineModel();

    @Test
    void plansFromGoalAndToolCatalogAsJsonText() throws Exception {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("goal", "summarize what memory knows about kafka outages");
        input.set("tools", Json.MAPPER.valueToTree(ShippedCatalog.load().all()));

        ModelResponse response = model.answer(new ModelRequest("plan", "t-1", "Plan the goal.", input));

        List<PlanStep> plan = Json.MAPPER.readValue(response.text(), new TypeReference<List<PlanStep>>() {});
        assertThat(plan).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(response.tokensIn()).isPositive();
        assertThat(response.tokensOut()).isPositive();
    }

    @Test
    void plansNothingWithoutTools() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("goal", "summarize memory");

        assertThat(model.answer(new ModelRequest("plan", "t-1", null, input)).text()).isEqualTo("[]");
    }

    @Test
    void summarizesToTheRequestedSentences() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("text", "Alpha one. Beta two. Gamma three. Delta four.");
        input.put("sentences", 1);

        String text = model.answer(new ModelRequest("summarize", "t-1", "Summarise.", input)).text();

        assertThat(ExtractiveSummarizer.sentences(text)).hasSize(1);
    }

    @Test
    void saysSoWhenThereIsNothingToSummarize() {
        assertThat(model.answer(new ModelRequest("summarize", "t-1", null, null)).text())
                .isEqualTo("There was nothing to summarise.");
    }

    @Test
    void reflectsOnStepsNamingToolsTotalTimeAndSlowestStep() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        ArrayNode steps = input.putArray("steps");
        steps.addObject().put("tool", "memory.search").put("durationMs", 5);
        steps.addObject().put("tool", "text.summarize").put("durationMs", 20);
        input.put("memoryHits", 0);

        String text = model.answer(new ModelRequest("reflect", "t-1", null, input)).text();

        assertThat(text).contains("Completed 2 steps")
                .contains("memory.search → text.summarize")
                .contains("25 ms")
                .contains("Slowest step: text.summarize (20 ms)")
                .contains("Memory had nothing");
    }

    @Test
    void reflectsOnASingleStepWithoutSlowestLine() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.putArray("steps").addObject().put("tool", "text.summarize").put("durationMs", 7);
        input.put("memoryHits", 2);

        String text = model.answer(new ModelRequest("reflect", "t-1", null, input)).text();

        assertThat(text).isEqualTo("Completed 1 step (text.summarize) in 7 ms of tool time.");
    }

    @Test
    void rejectsAnUnknownPurposeNamingIt() {
        assertThatThrownBy(() -> model.answer(new ModelRequest("translate", "t-1", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("translate");
    }

    @Test
    void costsNothingAndNamesItselfOffline() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("text", "Something to say.");

        ModelResponse response = model.answer(new ModelRequest("summarize", "t-1", "Summarise.", input));

        assertThat(response.provider()).isEqualTo("offline").isEqualTo(OfflineModel.PROVIDER);
        assertThat(response.model()).isEqualTo(OfflineModel.MODEL);
        assertThat(response.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(response.latencyMs()).isNotNegative();
    }

    @Test
    void estimatesAboutFourCharactersPerToken() {
        assertThat(OfflineModel.estimateTokens(null)).isZero();
        assertThat(OfflineModel.estimateTokens("  ")).isZero();
        assertThat(OfflineModel.estimateTokens("a")).isEqualTo(1);
        assertThat(OfflineModel.estimateTokens("x".repeat(40))).isEqualTo(10);
    }
}
