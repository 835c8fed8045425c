package dev.kortana.processors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.PlanStep;
import dev.kortana.processors.intake.FieldProblem;
import dev.kortana.processors.intake.TaskContract;
import dev.kortana.processors.tools.ShippedCatalog;
import dev.kortana.processors.tools.ToolSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCheckTest {

    private static final List<ToolSpec> TOOLS = ShippedCatalog.load().all();
    private static final String TWO_STEPS = """
            [{"tool": "memory.search", "args": {"query": "kafka outages"}, "rationale": "recall"},
             {"tool": "text.summarize", "args": {"text": "{{steps.0.output}}"}, "dependsOn": [0]}]
            """;

    private final PlanCheck check = new PlanCheck(new TaskContract(262144));

    @Test
    void acceptsAPlainArrayOfSteps() {
        PlanCheck.Result result = check.check(TWO_STEPS, TOOLS);

        assertThat(result.ok()).isTrue();
        assertThat(result.problems()).isEmpty();
        assertThat(result.plan()).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
        assertThat(result.plan().get(0).args()).containsEntry("query", "kafka outages");
        assertThat(result.plan().get(0).rationale()).isEqualTo("recall");
        assertThat(result.plan().get(1).dependsOn()).containsExactly(0);
    }

    @Test
    void acceptsAnObjectHoldingTheStepsUnderSteps() {
        PlanCheck.Result result = check.check("{\"steps\": " + TWO_STEPS + "}", TOOLS);

        assertThat(result.ok()).isTrue();
        assertThat(result.plan()).hasSize(2);
    }

    @Test
    void acceptsAnObjectHoldingTheStepsUnderPlan() {
        PlanCheck.Result result = check.check("{\"plan\": [{\"tool\": \"memory.search\", \"args\": {\"query\": \"x\"}}]}", TOOLS);

        assertThat(result.ok()).isTrue();
        assertThat(result.plan()).extracting(PlanStep::tool).containsExactly("memory.search");
    }

    @Test
    void acceptsAnAnswerInAJsonCodeFence() {
        PlanCheck.Result result = check.check("```json\n" + TWO_STEPS + "```\n", TOOLS);

        assertThat(result.ok()).isTrue();
        assertThat(result.plan()).extracting(PlanStep::tool).containsExactly("memory.search", "text.summarize");
    }

    @Test
    void rejectsArgumentsThatBreakTheToolsSchemaNamingTheField() {
        PlanCheck.Result result = check.check("[{\"tool\": \"memory.search\", \"args\": {\"query\": \"x\", \"limit\": 500}}]", TOOLS);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/plan/0/args/limit");
            assertThat(p.problem()).contains("50");
            assertThat(p.fix()).contains("args-schema");
        });
    }

    @Test
    void acceptsAnAnswerInAPlainCodeFence() {
        PlanCheck.Result result = check.check("```\n[{\"tool\": \"file.write\", \"args\": {\"path\": \"a.md\", \"content\": \"x\"}}]\n```", TOOLS);

        assertThat(result.ok()).isTrue();
        assertThat(result.plan()).extracting(PlanStep::tool).containsExactly("file.write");
    }

    @Test
    void rejectsProseAtTheRoot() {
        PlanCheck.Result result = check.check("Sure! First search memory, then summarize.", TOOLS);

        assertThat(result.ok()).isFalse();
        assertThat(result.plan()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).startsWith("the answer is not JSON");
            assertThat(p.fix()).contains("no prose");
        });
    }

    @Test
    void rejectsAnObjectWithoutSteps() {
        PlanCheck.Result result = check.check("{\"answer\": \"memory.search\"}", TOOLS);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).isEqualTo("the answer holds no array of steps");
        });
    }

    @Test
    void rejectsAnEmptyAnswer() {
        PlanCheck.Result result = check.check("", TOOLS);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(FieldProblem::field).containsExactly("/");
    }

    @Test
    void rejectsAnEmptyPlan() {
        PlanCheck.Result result = check.check("[]", TOOLS);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).isEqualTo("the plan has no steps");
        });
    }

    @Test
    void rejectsAToolTheTaskMayNotUseListingTheAllowedOnes() {
        List<ToolSpec> someTools = TOOLS.stream().filter(t -> !t.name().equals("http.request")).toList();

        PlanCheck.Result result = check.check(
                "[{\"tool\": \"memory.search\", \"args\": {\"query\": \"x\"}}, {\"tool\": \"http.request\", \"args\": {\"url\": \"https://x.example\"}}]",
                someTools);

        assertThat(result.ok()).isFalse();
        assertThat(result.plan()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/plan/1/tool");
            assertThat(p.problem()).contains("'http.request' is not a tool this task may use");
            assertThat(p.fix()).isEqualTo("use one of [file.write, memory.search, text.summarize]");
        });
    }

    @Test
    void rejectsAnUnknownTool() {
        PlanCheck.Result result = check.check("[{\"tool\": \"shell.exec\"}]", TOOLS);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/plan/0/tool");
            assertThat(p.fix()).contains("memory.search").contains("text.summarize");
        });
    }

    @Test
    void rejectsAStepWhoseArgsAreNotAnObject() {
        PlanCheck.Result result = check.check("[{\"tool\": \"memory.search\", \"args\": \"kafka\"}]", TOOLS);

        assertThat(result.ok()).isFalse();
        assertThat(result.plan()).isEmpty();
        assertThat(result.problems()).extracting(FieldProblem::field).contains("/plan/0/args");
    }

    @Test
    void rejectsAStepWithAFieldTheSchemaDoesNotKnow() {
        PlanCheck.Result result = check.check("[{\"tool\": \"memory.search\", \"arguments\": {}}]", TOOLS);

        assertThat(result.problems()).extracting(FieldProblem::field).contains("/plan/0/arguments");
    }

    @Test
    void rejectsAStepThatDependsOnALaterStep() {
        PlanCheck.Result result = check.check(
                "[{\"tool\": \"memory.search\", \"dependsOn\": [1]}, {\"tool\": \"text.summarize\"}]", TOOLS);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/plan/0/dependsOn/0");
            assertThat(p.problem()).contains("depends on step 1");
        });
    }

    @Test
    void rejectsAReferenceToTheOutputOfALaterStep() {
        PlanCheck.Result result = check.check(
                "[{\"tool\": \"text.summarize\", \"args\": {\"text\": \"{{steps.0.output}}\"}}]", TOOLS);

        assertThat(result.problems()).extracting(FieldProblem::field).containsExactly("/plan/0/args/text");
    }
}
