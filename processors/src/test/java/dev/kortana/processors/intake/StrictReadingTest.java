package dev.kortana.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The one strict reading every channel shares: nothing is replaced, dropped or rounded; what cannot be kept is refused. */
class StrictReadingTest {

    private final TaskContract contract = new TaskContract(1 << 20);

    @ParameterizedTest
    @ValueSource(strings = {"c0 ae c0 ae c0 af", "ed a0 80", "ed b0 80", "f4 90 80 80", "f5 80 80 80", "80", "e2 82"})
    void refusesInvalidUtf8NamingLineAndColumn(String hex) {
        byte[] body = concat("{\"goal\":\"g\",\n\"inputs\":{\"path\":\"", bytes(hex), "\"}}");

        ContractViolation violation = violation(body);

        assertThat(violation.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).contains("not valid UTF-8").contains("line 2, column 19");
        });
    }

    @Test
    void acceptsValidMultiByteUtf8AsSent() {
        AgentTask task = contract.parse(concat("{\"goal\":\"caf", bytes("c3 a9 20 f0 9f 98 80"), "\"}"));

        assertThat(task.goal()).isEqualTo("café \uD83D\uDE00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-32"})
    void refusesUtf16AndUtf32ThatJacksonWouldHaveGuessed(String charset) {
        byte[] body = "{\"goal\":\"summarize\"}".getBytes(java.nio.charset.Charset.forName(charset));

        ContractViolation violation = violation(body);

        assertThat(violation.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/");
            assertThat(p.problem()).contains("not valid JSON");
        });
    }

    @Test
    void readsAUtf8TaskAfterAByteOrderMarkAsSent() {
        AgentTask task = contract.parse(concat("", bytes("ef bb bf"), "{\"goal\":\"caf\u00e9\"}"));

        assertThat(task.goal()).isEqualTo("café");
    }

    @Test
    void refusesEscapedLoneSurrogatesInValuesAndKeysNamingThem() {
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"k\":\"a\\ud800b\"}}").problems()).singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("/inputs/k");
                    assertThat(p.problem()).contains("lone surrogate");
                });
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"\\udc00\":1}}").problems()).singleElement()
                .satisfies(p -> assertThat(p.problem()).startsWith("the field name contains a lone surrogate"));
        assertThat(violation("{\"goal\":\"\\ude00\\ud83d\"}").problems()).extracting(FieldProblem::field).containsExactly("/goal");
    }

    @Test
    void namesAFieldWhoseNameHasALoneSurrogateOrNulWithEscapesSoTheNameCanBeWrittenAnywhere() {
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"x\\ud83d/y\":1,\"a~\\u0000\":2,\"\\ud83d\\ude00\":{\"\\udc00\":3}}}").problems())
                .extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("/inputs/x\\ud83d~1y", "/inputs/a~0\\u0000", "/inputs/\uD83D\uDE00/\\udc00");
    }

    @Test
    void keepsAnEscapedSurrogatePair() {
        assertThat(contract.parse("{\"goal\":\"\\ud83d\\ude00\"}").goal()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void refusesNumbersADoubleCannotHoldInInputsAndPlanArgs() {
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"n\":1e999}}").problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/inputs/n");
            assertThat(p.problem()).contains("1E+999").contains("outside the range");
        });
        assertThat(violation("{\"goal\":\"g\",\"plan\":[{\"tool\":\"memory.search\",\"args\":{\"k\":[-1e400]}}]}")
                .problems()).extracting(FieldProblem::field).containsExactly("/plan/0/args/k/0");
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"tiny\":1e-999}}").problems())
                .extracting(FieldProblem::field).containsExactly("/inputs/tiny");
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"big\":1" + "0".repeat(400) + "}}").problems())
                .extracting(FieldProblem::field).containsExactly("/inputs/big");
    }

    @Test
    void keepsNumbersExactlyAsSent() {
        AgentTask task = contract.parse("{\"goal\":\"g\",\"inputs\":{\"exact\":12345678901234567890.123456789,"
                + "\"price\":1.50,\"zero\":0.0,\"n\":7,\"long\":9007199254740993}}");

        assertThat(task.inputs().get("exact")).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(task.inputs().get("price")).isEqualTo(new BigDecimal("1.50"));
        assertThat(task.inputs().get("zero")).isEqualTo(new BigDecimal("0.0"));
        assertThat(task.inputs().get("n")).isEqualTo(7);
        assertThat(task.inputs().get("long")).isEqualTo(9007199254740993L);
        assertThat(stored(task)).contains("\"exact\":12345678901234567890.123456789").contains("\"price\":1.50");
    }

    @Test
    void keepsNullsInInputsAndArgs() {
        AgentTask task = contract.parse("{\"goal\":\"g\",\"inputs\":{\"k\":null,\"list\":[null]},"
                + "\"plan\":[{\"tool\":\"memory.search\",\"args\":{\"query\":null}}]}");

        assertThat(task.inputs()).containsEntry("k", null);
        assertThat(task.plan().get(0).args()).containsEntry("query", null);
        assertThat(stored(task)).contains("\"k\":null").contains("\"list\":[null]").contains("\"query\":null");
    }

    @Test
    void refusesNestingDeeperThanTheLimitWithoutOverflowingTheStack() {
        for (String open : new String[] {"{\"a\":", "["}) {
            String close = open.equals("[") ? "]" : "}";
            String body = "{\"goal\":\"g\",\"inputs\":{\"deep\":" + open.repeat(998) + "1" + close.repeat(998) + "}}";

            assertThat(violation(body).problems()).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("/");
                assertThat(p.problem()).contains("deeper than 64 levels, at line 1, column ");
                assertThat(p.fix()).contains("kortana.intake.max-depth");
            });
        }
    }

    @Test
    void acceptsNestingUpToTheConfiguredLimit() {
        TaskContract shallow = new TaskContract(1 << 20, 8, TaskContract.DEFAULT_MAX_STEPS);
        // root object, inputs, and five more levels: 7
        String body = "{\"goal\":\"g\",\"inputs\":{\"a\":" + "[".repeat(5) + "]".repeat(5) + "}}";

        assertThat(shallow.parse(body).inputs()).containsKey("a");
        assertThat(catchThrowableOfType(ContractViolation.class,
                () -> shallow.parse("{\"goal\":\"g\",\"inputs\":{\"a\":" + "[".repeat(7) + "]".repeat(7) + "}}")))
                .hasMessageContaining("deeper than 8 levels");
    }

    @Test
    void refusesDuplicateKeysAndTrailingDataNamingWhere() {
        assertThat(violation("{\"goal\":\"g\",\"inputs\":{\"a\":1,\"a\":2}}").getMessage())
                .contains("not valid JSON at line 1").contains("Duplicate field 'a'");
        assertThat(violation("{\"goal\":\"g\"}\n{}").getMessage()).contains("not valid JSON at line 2").contains("Trailing token");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"goal\":\"g\",\"tenant\":\"acme\\n\"}",
        "{\"goal\":\"g\",\"tenant\":\"acme\\r\\n\"}",
        "{\"goal\":\"g\",\"id\":\"abc\\r\\n\"}",
        "{\"goal\":\"g\",\"id\":\"abc\\n\"}",
        "{\"goal\":\"g\",\"constraints\":{\"dataResidency\":\"eu\\r\\n\"}}",
        "{\"goal\":\"g\",\"constraints\":{\"allowedTools\":[\"memory.search\\n\"]}}",
        "{\"goal\":\"g\",\"plan\":[{\"tool\":\"memory.search\\n\"}]}"
    })
    void refusesAPatternedValueEndingInALineBreak(String body) {
        assertThat(violation(body).problems()).singleElement()
                .satisfies(p -> assertThat(p.problem()).contains("does not match"));
    }

    @Test
    void refusesAnEmptyGoalWithOneProblem() {
        assertThat(violation("{\"goal\":\"\"}").problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("/goal");
            assertThat(p.fix()).contains("must not be blank");
        });
    }

    @Test
    void anchorsOnlyDollarsOutsideCharacterClassesAndEscapes() {
        assertThat(WholeValuePatterns.endAnchored("^[a-z$]+\\$x$")).isEqualTo("^[a-z$]+\\$x\\z");
    }

    private static String stored(AgentTask task) {
        try {
            return Json.MAPPER.writeValueAsString(task);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ContractViolation violation(String body) {
        return violation(body.getBytes(StandardCharsets.UTF_8));
    }

    private ContractViolation violation(byte[] body) {
        ContractViolation violation = catchThrowableOfType(ContractViolation.class, () -> contract.parse(body));
        assertThat(violation).as("expected a ContractViolation for %s", new String(body, StandardCharsets.UTF_8)).isNotNull();
        return violation;
    }

    private static byte[] bytes(String hex) {
        String[] parts = hex.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

}
