package dev.kortana.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kortana.contracts.AgentTask;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskContractTest {

    private final TaskContract contract = new TaskContract(4096);

    @Test
    void parsesMinimalTaskWithDefaults() {
        AgentTask task = contract.parse("{\"goal\":\"summarize kafka outages\"}");

        assertThat(task.goal()).isEqualTo("summarize kafka outages");
        assertThat(task.id()).isNull();
        assertThat(task.tenant()).isEqualTo(AgentTask.DEFAULT_TENANT);
        assertThat(task.plan()).isNull();
    }

    @Test
    void aTaskWithoutTenantGetsTheCallersTenantAndKeepsOneItNames() {
        byte[] unnamed = "{\"goal\":\"summarize\"}".getBytes(StandardCharsets.UTF_8);
        byte[] named = "{\"goal\":\"summarize\",\"tenant\":\"globex\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(contract.parse(unnamed, "acme").tenant()).isEqualTo("acme");
        assertThat(contract.parse(named, "acme").tenant()).as("the caller decides whether it may").isEqualTo("globex");
        assertThat(contract.parse(unnamed, null).tenant()).isEqualTo(AgentTask.DEFAULT_TENANT);
    }

    @Test
    void parsesFullTask() {
        AgentTask task = contract.parse("""
                {"id":"t-1","goal":"g","tenant":"acme","inputs":{"n":1},
                 "constraints":{"maxCostUsd":0.5,"deadline":"2026-11-25T12:00:00Z","dataResidency":"eu",
                                "allowedTools":["memory.search"],"requireApproval":true},
                 "plan":[{"tool":"memory.search","args":{"query":"x"},"dependsOn":[]}]}
                """);

        assertThat(task.id()).isEqualTo("t-1");
        assertThat(task.tenant()).isEqualTo("acme");
        assertThat(task.inputs()).containsEntry("n", 1);
        assertThat(task.constraints().maxCostUsd()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(task.constraints().deadline()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(task.constraints().allowedTools()).containsExactly("memory.search");
        assertThat(task.constraints().requireApproval()).isTrue();
        assertThat(task.plan()).singleElement().satisfies(s -> {
            assertThat(s.tool()).isEqualTo("memory.search");
            assertThat(s.args()).containsEntry("query", "x");
        });
    }

    @Test
    void rejectsTaskWithoutGoalNamingTheField() {
        ContractViolation violation = violation("{\"tenant\":\"acme\"}");

        assertThat(violation.problems()).extracting(FieldProblem::field).containsExactly("/goal");
        assertThat(violation.problems().get(0).fix()).contains("add the required field /goal");
    }

    @Test
    void rejectsUnknownTopLevelFieldNamingIt() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"thatField\":1}");

        assertThat(violation.problems()).extracting(FieldProblem::field).containsExactly("/thatField");
        assertThat(violation.problems().get(0).fix()).contains("remove /thatField");
    }

    @Test
    void rejectsUnknownConstraintNamingItsFullPath() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"constraints\":{\"budget\":3}}");

        assertThat(violation.problems()).extracting(FieldProblem::field).containsExactly("/constraints/budget");
    }

    @Test
    void rejectsGoalOfWrongType() {
        ContractViolation violation = violation("{\"goal\":42}");

        assertThat(violation.problems()).extracting(FieldProblem::field).contains("/goal");
        assertThat(violation.problems()).anySatisfy(p -> {
            assertThat(p.field()).isEqualTo("/goal");
            assertThat(p.fix()).contains("type");
        });
    }

    @Test
    void rejectsBlankGoal() {
        ContractViolation violation = violation("{\"goal\":\"   \"}");

        assertThat(violation.problems()).extracting(FieldProblem::field).containsExactly("/goal");
    }

    @Test
    void aValueOfTheWrongShapeIsExplainedInWordsNotAsItsRegex() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"tenant\":\"Acme\",\"constraints\":{\"dataResidency\":\"EU\"},"
                + "\"plan\":[{\"tool\":\"Memory.Search\"}]}");

        assertThat(violation.problems()).extracting(FieldProblem::fix).containsExactlyInAnyOrder(
                "use lower-case letters, digits and '-' (at most 63, starting with a letter or digit), e.g. acme",
                "use a region tag of 2 to 10 lower-case letters, as models.yaml tags models, e.g. eu or us",
                "use a tool name as GET /api/tools lists it (lower-case), e.g. memory.search");
        assertThat(violation("{\"goal\":\" \"}").problems().get(0).fix()).contains("/goal must not be blank");
    }

    @Test
    void rejectsADocumentThatIsNotAnObject() {
        for (String body : new String[] {"[1,2]", "null", "42", "\"goal\""}) {
            assertThat(violation(body).problems()).singleElement()
                    .satisfies(p -> assertThat(p.problem()).contains("object expected"));
        }
    }

    @Test
    void rejectsInvalidJsonNamingTheRootAndWhere() {
        ContractViolation violation = violation("{\"goal\": \"g\",");

        assertThat(violation.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).contains("not valid JSON").contains("line 1");
        });
        assertThat(violation).hasMessageContaining("not valid JSON");
    }

    @Test
    void rejectsEmptyBody() {
        assertThat(violation("").problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).contains("empty");
        });
        assertThat(catchThrowableOfType(ContractViolation.class, () -> contract.parse((byte[]) null)).problems())
                .extracting(FieldProblem::problem).containsExactly("the body is empty");
    }

    @Test
    void rejectsWhitespaceOnlyBody() {
        assertThat(violation("   \n ").problems()).extracting(FieldProblem::field).containsExactly("/");
    }

    @Test
    void rejectsBodyOverTheByteLimitNamingTheSetting() {
        TaskContract small = new TaskContract(20);
        byte[] body = "{\"goal\":\"a goal longer than twenty bytes\"}".getBytes(StandardCharsets.UTF_8);

        ContractViolation violation = catchThrowableOfType(ContractViolation.class, () -> small.parse(body));

        assertThat(violation.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).contains(String.valueOf(body.length)).contains("20");
            assertThat(p.fix()).contains("kortana.intake.max-bytes");
        });
    }

    @Test
    void acceptsBodyExactlyAtTheByteLimit() {
        byte[] body = "{\"goal\":\"g\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(new TaskContract(body.length).parse(body).goal()).isEqualTo("g");
    }

    @Test
    void countsTheLimitInBytesNotCharacters() {
        String body = "{\"goal\":\"ééééé\"}";
        assertThat(body.length()).isLessThan(20);

        ContractViolation violation = catchThrowableOfType(ContractViolation.class, () -> new TaskContract(20).parse(body));

        assertThat(violation.problems().get(0).fix()).contains("kortana.intake.max-bytes");
    }

    @Test
    void rejectsDeadlineThatIsNotADateTime() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"constraints\":{\"deadline\":\"next tuesday\"}}");

        assertThat(violation.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/constraints/deadline");
            assertThat(p.fix()).contains("date-time");
        });
    }

    @Test
    void rejectsNegativeMaxCost() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"constraints\":{\"maxCostUsd\":-1}}");

        assertThat(violation.problems()).extracting(FieldProblem::field).containsExactly("/constraints/maxCostUsd");
    }

    @Test
    void namesPlanStepFieldsAsJsonPointers() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"plan\":[{\"tool\":\"memory.search\"},{\"args\":{}}]}");

        assertThat(violation.problems()).extracting(FieldProblem::field).containsExactly("/plan/1/tool");
    }

    @Test
    void reportsSeveralProblemsAtOnce() {
        ContractViolation violation = violation(
                "{\"thatField\":true,\"tenant\":\"UPPER\",\"constraints\":{\"deadline\":\"soon\"}}");

        assertThat(violation.problems()).extracting(FieldProblem::field)
                .contains("/goal", "/thatField", "/tenant", "/constraints/deadline");
        assertThat(violation.getMessage()).contains("/goal").contains("/thatField").contains("; ");
    }

    @Test
    void showsTheWholeDocumentAsSlashAndKeepsJsonPointers() {
        assertThat(TaskContract.jsonPointer("")).isEqualTo("/");
        assertThat(TaskContract.jsonPointer(null)).isEqualTo("/");
        assertThat(TaskContract.jsonPointer("/constraints/deadline")).isEqualTo("/constraints/deadline");
    }

    @Test
    void rejectsANonObjectDocumentNamingTheRoot() {
        assertThat(violation("[1,2]").problems()).extracting(FieldProblem::field).containsExactly("/");
    }

    @Test
    void rejectsTrailingContentAndDuplicateKeys() {
        assertThat(violation("{\"goal\":\"g\"} {\"goal\":\"h\"}").getMessage()).contains("not valid JSON");
        assertThat(violation("{\"goal\":\"g\",\"goal\":\"h\"}").getMessage()).contains("not valid JSON");
    }

    @Test
    void rejectsAnExplicitPlanThatUsesALaterStepNamingTheArgument() {
        ContractViolation violation = violation("{\"goal\":\"g\",\"plan\":["
                + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.1.output}}\"}},"
                + "{\"tool\":\"file.write\",\"args\":{\"path\":\"a\",\"content\":\"x\"},\"dependsOn\":[1]}]}");

        assertThat(violation.problems()).extracting(FieldProblem::field)
                .containsExactly("/plan/0/args/text", "/plan/1/dependsOn/0");
    }

    @Test
    void acceptsAnExplicitPlanThatUsesEarlierSteps() {
        AgentTask task = contract.parse("{\"goal\":\"g\",\"plan\":[{\"tool\":\"memory.search\",\"args\":{\"query\":\"q\"}},"
                + "{\"tool\":\"text.summarize\",\"args\":{\"text\":\"{{steps.0.output}}\"},\"dependsOn\":[0]}]}");

        assertThat(task.plan()).hasSize(2);
    }

    @Test
    void refusesAPlanLongerThanTheStepCapNamingTheCapAndTheFix() {
        TaskContract capped = new TaskContract(1 << 20, TaskContract.DEFAULT_MAX_DEPTH, 3);
        String step = "{\"tool\":\"memory.search\",\"args\":{\"query\":\"q\"}}";

        assertThat(capped.parse("{\"goal\":\"g\",\"plan\":[" + String.join(",", step, step, step) + "]}").plan()).hasSize(3);
        ContractViolation violation = catchThrowableOfType(ContractViolation.class,
                () -> capped.parse("{\"goal\":\"g\",\"plan\":[" + String.join(",", step, step, step, step) + "]}"));
        assertThat(violation.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/plan");
            assertThat(p.problem()).isEqualTo("has 4 steps, more than kortana.caps.max-steps (3)");
            assertThat(p.fix()).contains("at most 3 steps");
        });
    }

    private ContractViolation violation(String body) {
        ContractViolation violation = catchThrowableOfType(ContractViolation.class, () -> contract.parse(body));
        assertThat(violation).as("expected a ContractViolation for %s", body).isNotNull();
        assertThat(violation.problems()).isNotEmpty();
        return violation;
    }

    @Test
    void violationMessageJoinsFieldAndProblem() {
        ContractViolation violation = new ContractViolation(List.of(
                new FieldProblem("/a", "is wrong", "fix a"), new FieldProblem("/b", "is missing", "add b")));

        assertThat(violation).hasMessage("/a: is wrong; /b: is missing");
    }
}
