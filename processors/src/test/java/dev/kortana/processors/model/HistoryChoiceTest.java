package dev.kortana.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.tools.ShippedCatalog;
import dev.kortana.processors.tools.ToolSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryChoiceTest {

    private final List<ToolSpec> tools = ShippedCatalog.load().all();

    @Test
    void reusesAPlanThatWorkedForSimilarGoalsWithTheArgsThisGoalGets() {
        String goal = "summarize the incident report for service 99";
        PlanHistory history = new PlanHistory(List.of(
                episode(7, 0.91, List.of("memory.search", "text.summarize"), 2, 2),
                episode(9, 0.86, List.of("memory.search", "text.summarize"), 3, 3)), List.of());

        List<PlanStep> without = OfflinePlanner.plan(goal, "", tools);
        List<PlanStep> with = OfflinePlanner.plan(goal, "", tools, history);

        assertThat(without).extracting(PlanStep::tool).containsExactly("text.summarize");
        assertThat(with).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(with.get(0).args()).containsEntry("query", "{{goal}}");
        assertThat(with.get(1).args()).containsEntry("text", "{{steps.0.output}}");
        assertThat(with.get(1).dependsOn()).containsExactly(0);
        assertThat(with.get(0).rationale()).contains("episodes #7, #9").contains("5 of 5 runs completed");
    }

    @Test
    void doesNotReuseAPlanWithTooFewRunsOrTooManyFailures() {
        PlanHistory fewRuns = new PlanHistory(List.of(episode(1, 0.95, List.of("memory.search"), 2, 2)), List.of());
        PlanHistory failing = new PlanHistory(List.of(episode(2, 0.95, List.of("memory.search"), 10, 7)), List.of());

        assertThat(HistoryChoice.reusable(fewRuns, tools, t -> true)).isEmpty();
        assertThat(HistoryChoice.reusable(failing, tools, t -> true)).isEmpty();
    }

    @Test
    void doesNotReuseAPlanOfADistantGoalOrWithAToolTheTaskMayNotUse() {
        PlanHistory distant = new PlanHistory(List.of(episode(1, 0.5, List.of("memory.search"), 10, 10)), List.of());
        PlanHistory forbidden = new PlanHistory(List.of(episode(2, 0.95, List.of("file.write"), 10, 10)), List.of());
        List<ToolSpec> noFiles = tools.stream().filter(t -> !t.name().equals("file.write")).toList();

        assertThat(HistoryChoice.reusable(distant, tools, t -> true)).isEmpty();
        assertThat(HistoryChoice.reusable(forbidden, noFiles, t -> true)).isEmpty();
    }

    @Test
    void doesNotReuseAPlanWhoseToolNowKeepsFailingOrLacksWhatItRequires() {
        PlanHistory history = new PlanHistory(List.of(episode(1, 0.95, List.of("http.request", "text.summarize"), 10, 10)),
                List.of());
        PlanHistory nowFailing = new PlanHistory(history.episodes(), List.of(metric("http.request", 10, 2)));

        assertThat(HistoryChoice.reusable(history, tools, t -> t.requires() == null)).as("no URL in this goal").isEmpty();
        assertThat(HistoryChoice.reusable(history, tools, t -> true)).isPresent();
        assertThat(HistoryChoice.reusable(nowFailing, tools, t -> true)).isEmpty();
    }

    @Test
    void prefersTheClosestThenTheMoreSuccessfulPlan() {
        PlanHistory history = new PlanHistory(List.of(
                episode(1, 0.80, List.of("memory.search", "text.summarize"), 10, 10),
                episode(2, 0.90, List.of("text.summarize"), 10, 9)), List.of());

        assertThat(HistoryChoice.reusable(history, tools, t -> true)).get()
                .satisfies(r -> assertThat(r.tools()).containsExactly("text.summarize"))
                .satisfies(r -> assertThat(r.episodes()).containsExactly(2L));
    }

    @Test
    void aToolThatKeepsFailingGivesWayToAnotherOfItsPhase() {
        ToolSpec primary = tool("forecast.primary");
        ToolSpec backup = tool("forecast.backup");
        PlanHistory history = new PlanHistory(List.of(), List.of(metric("forecast.primary", 6, 1), metric("forecast.backup", 4, 4)));

        assertThat(HistoryChoice.prefer(List.of(primary, backup), PlanHistory.NONE)).containsExactly(primary, backup);
        assertThat(HistoryChoice.prefer(List.of(primary, backup), history)).containsExactly(backup);
        assertThat(HistoryChoice.prefer(List.of(primary), history)).as("the only tool of its phase stays").containsExactly(primary);
    }

    @Test
    void aFewFailuresAreNotYetAVerdictButTheMoreSuccessfulToolComesFirst() {
        ToolSpec primary = tool("forecast.primary");
        ToolSpec backup = tool("forecast.backup");
        PlanHistory history = new PlanHistory(List.of(), List.of(metric("forecast.primary", 4, 1), metric("forecast.backup", 4, 4)));

        assertThat(HistoryChoice.failing(history)).isEmpty();
        assertThat(HistoryChoice.prefer(List.of(primary, backup), history)).containsExactly(backup, primary);
    }

    @Test
    void theOfflinePlannerLeavesOutAFailingToolAndSaysWhatInformedIt() {
        List<ToolSpec> catalog = List.of(tool("forecast.primary"), tool("forecast.backup"));
        PlanHistory history = new PlanHistory(List.of(), List.of(metric("forecast.primary", 8, 0)));

        assertThat(OfflinePlanner.plan("weather forecast for Oslo", "", catalog)).extracting(PlanStep::tool)
                .containsExactly("forecast.primary", "forecast.backup");
        assertThat(OfflinePlanner.plan("weather forecast for Oslo", "", catalog, history)).extracting(PlanStep::tool)
                .containsExactly("forecast.backup");
    }

    @Test
    void theHistoryTravelsInThePlanInputAndBack() {
        PlanHistory history = new PlanHistory(List.of(episode(3, 0.9, List.of("memory.search"), 4, 3)),
                List.of(metric("memory.search", 5, 5)));

        var json = history.toJson();

        assertThat(json.path("about").asText()).contains("prefer plans and tools that succeeded");
        assertThat(json.path("episodes").get(0).path("successRate").asDouble()).isEqualTo(0.75);
        assertThat(PlanHistory.from(json)).isEqualTo(history);
        assertThat(PlanHistory.from(null)).isEqualTo(PlanHistory.NONE);
    }

    private static PlanHistory.Episode episode(long id, double similarity, List<String> tools, int runs, int successes) {
        return new PlanHistory.Episode(id, "goal " + id, similarity, tools, runs, successes, runs - successes, 0, 10);
    }

    private static PlanHistory.ToolRecord metric(String tool, int calls, int successes) {
        return new PlanHistory.ToolRecord(tool, calls, successes, calls - successes, 5, 0);
    }

    private static ToolSpec tool(String name) {
        return new ToolSpec(name, "route", "Weather forecast for a city", List.of("weather", "forecast"), "gather", null,
                Map.of("city", "{{goal}}"), List.of(), List.of(), null, null, true, null, null, null, null,
                "direct:" + name, null, null, null, null, null, null, false, null, null, null);
    }
}
