package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.tools.ShippedCatalog;
import dev.kortana.processors.tools.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflinePlannerTest {

    private final List<ToolSpec> tools = ShippedCatalog.load().all();

    @Test
    void plansMemorySearchThenSummaryForAMemoryQuestion() {
        String goal = "summarize what memory knows about kafka outages";

        List<PlanStep> plan = OfflinePlanner.plan(goal, "", tools);

        assertThat(plan).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(plan.get(0).args()).containsEntry("query", "{{goal}}").containsEntry("limit", 5);
        assertThat(plan.get(0).dependsOn()).isEmpty();
        assertThat(plan.get(1).args()).containsEntry("text", "{{steps.0.output}}").containsEntry("sentences", 3);
        assertThat(plan.get(1).dependsOn()).containsExactly(0);
    }

    @Test
    void plansHttpRequestWithTheUrlFromTheGoal() {
        List<PlanStep> plan = OfflinePlanner.plan("fetch https://status.example.com/api/v1 and tell me", "", tools);

        assertThat(plan).extracting(PlanStep::tool).first().isEqualTo("http.request");
        assertThat(plan.get(0).args())
                .containsEntry("url", "https://status.example.com/api/v1")
                .containsEntry("method", "GET");
    }

    @Test
    void dropsTrailingPunctuationFromTheUrl() {
        List<PlanStep> plan = OfflinePlanner.plan("please fetch https://example.org/page.", "", tools);

        assertThat(plan).filteredOn(s -> s.tool().equals("http.request"))
                .singleElement()
                .satisfies(s -> assertThat(s.args()).containsEntry("url", "https://example.org/page"));
    }

    @Test
    void takesTheUrlFromTheInputsWhenTheGoalHasNone() {
        List<PlanStep> plan = OfflinePlanner.plan("fetch the status page", "{\"url\":\"https://example.org/s\"}", tools);

        assertThat(plan).filteredOn(s -> s.tool().equals("http.request"))
                .singleElement()
                .satisfies(s -> assertThat(s.args()).containsEntry("url", "https://example.org/s"));
    }

    @Test
    void neverPlansHttpRequestWithoutAUrl() {
        List<PlanStep> plan = OfflinePlanner.plan("fetch the web page over http", "", tools);

        assertThat(plan).extracting(PlanStep::tool).doesNotContain("http.request");
    }

    @Test
    void fallsBackToSummarizingTheGoalWhenNothingMatches() {
        String goal = "zebra quokka platypus";

        List<PlanStep> plan = OfflinePlanner.plan(goal, "", tools);

        assertThat(plan).singleElement().satisfies(s -> {
            assertThat(s.tool()).isEqualTo("text.summarize");
            assertThat(s.args()).containsEntry("text", "{{goal}}");
            assertThat(s.dependsOn()).isEmpty();
        });
    }

    @Test
    void refersToTheGoalAndInputsInsteadOfCopyingThemSoTheirTextIsNeverReadAsATemplate() {
        // The fuzz suite's finding: inputs holding "{{steps.0.output}}" copied into step 0 made it wait for itself.
        List<PlanStep> plan = OfflinePlanner.plan("zebra {{steps.1.output}}", "note: {{steps.0.output}}", tools);

        assertThat(plan).singleElement().satisfies(s -> {
            assertThat(s.args()).containsEntry("text", "{{goal}}\n\n{{inputs}}");
            assertThat(s.dependsOn()).isEmpty();
        });
    }

    @Test
    void neverTakesBracesIntoAUrl() {
        List<PlanStep> plan = OfflinePlanner.plan("fetch https://example.org/{{steps.0.output}} now", "", tools);

        assertThat(plan).filteredOn(s -> s.tool().equals("http.request"))
                .singleElement()
                .satisfies(s -> assertThat(s.args()).containsEntry("url", "https://example.org/"));
    }

    @Test
    void writingAReportPutsFileWriteLast() {
        List<PlanStep> plan = OfflinePlanner.plan("write a report", "", tools);

        assertThat(plan).isNotEmpty();
        assertThat(plan.get(plan.size() - 1).tool()).isEqualTo("file.write");
        assertThat(plan.get(plan.size() - 1).args()).containsEntry("path", "{{taskId}}.md");
    }

    @Test
    void ordersGatherThenTransformThenEmitAndChainsOutputs() {
        List<PlanStep> plan = OfflinePlanner.plan(
                "search memory for kafka history, summarize it and write a report file", "", tools);

        assertThat(plan).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize", "file.write");
        assertThat(plan.get(2).args()).containsEntry("content", "{{steps.1.output}}");
        assertThat(plan.get(2).dependsOn()).containsExactly(1);
    }

    @Test
    void plansNothingFromAnEmptyCatalog() {
        assertThat(OfflinePlanner.plan("summarize memory", "", List.of())).isEmpty();
    }

    @Test
    void isDeterministic() {
        String goal = "summarize what memory knows about kafka outages and write a report";

        assertThat(OfflinePlanner.plan(goal, "", tools)).isEqualTo(OfflinePlanner.plan(goal, "", tools));
    }

    @Test
    void weighsKeywordsAboveDescriptionWords() {
        ToolSpec tool = new ToolSpec("x.y", "model", "Turn text into audio", List.of("speak"), null, null, null, null, true);

        assertThat(OfflinePlanner.score(tool, java.util.Set.of("speak"))).isEqualTo(2);
        assertThat(OfflinePlanner.score(tool, java.util.Set.of("audio"))).isEqualTo(1);
        assertThat(OfflinePlanner.score(tool, java.util.Set.of("video"))).isZero();
    }
}
