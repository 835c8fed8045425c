package dev.kortana.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class JsonTest {

    @Test
    void canonicalBytesIgnoreMapKeyInsertionOrder() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("b", 2);
        first.put("a", 1);
        first.put("c", Map.of("y", 1));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("c", Map.of("y", 1));
        second.put("a", 1);
        second.put("b", 2);

        assertThat(Json.canonicalBytes(first)).isEqualTo(Json.canonicalBytes(second));
        assertThat(new String(Json.canonicalBytes(first), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\"b\":2,\"c\":{\"y\":1}}");
    }

    @Test
    void canonicalBytesSortNestedMapKeys() {
        Map<String, Object> innerOne = new LinkedHashMap<>();
        innerOne.put("z", 1);
        innerOne.put("a", 2);
        Map<String, Object> innerTwo = new LinkedHashMap<>();
        innerTwo.put("a", 2);
        innerTwo.put("z", 1);

        assertThat(Json.canonicalBytes(Map.of("k", innerOne))).isEqualTo(Json.canonicalBytes(Map.of("k", innerTwo)));
    }

    @Test
    void canonicalBytesOfTasksWithReorderedInputsAreEqual() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("x", "1");
        one.put("y", "2");
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("y", "2");
        two.put("x", "1");

        byte[] a = Json.canonicalBytes(new AgentTask("t", "goal", null, one, null, null));
        byte[] b = Json.canonicalBytes(new AgentTask("t", "goal", null, two, null, null));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void canonicalBytesDifferWhenContentDiffers() {
        assertThat(Json.canonicalBytes(Map.of("a", 1))).isNotEqualTo(Json.canonicalBytes(Map.of("a", 2)));
    }

    @Test
    void writesTimesAsIsoStringsAndLeavesOutNulls() throws Exception {
        String json = Json.MAPPER.writeValueAsString(
                new TaskConstraints(null, Instant.parse("2026-11-25T12:00:00Z"), null, List.of("memory.search"), false));

        assertThat(json).contains("\"deadline\":\"2026-11-25T12:00:00Z\"").doesNotContain("maxCostUsd").doesNotContain("null");
    }

    @Test
    void writesDecimalsPlainlySoACostOfZeroIsNotZeroEMinusEight() throws Exception {
        Usage usage = new Usage(0, 0, 0, new java.math.BigDecimal("0E-8"));

        assertThat(Json.MAPPER.writeValueAsString(usage)).contains("\"costUsd\":0.00000000");
        assertThat(Json.MAPPER.writeValueAsString(new AgentOutcome("t", TaskStatus.COMPLETED, "g", "r", null, null, null,
                usage, 0, Instant.parse("2026-01-01T00:00:00Z")))).doesNotContain("E-8");
    }

    @Test
    void keepsANullACallerPutInInputsButLeavesOutNullFields() throws Exception {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("k", null);
        inputs.put("nested", new LinkedHashMap<>(Map.of("m", "x")));
        ((Map<String, Object>) inputs.get("nested")).put("n", null);

        String json = Json.MAPPER.writeValueAsString(new AgentTask(null, "g", null, inputs, null, null));

        assertThat(json).contains("\"inputs\":{\"k\":null,\"nested\":{\"m\":\"x\",\"n\":null}}").doesNotContain("\"id\"");
    }

    @Test
    void canonicalBytesAreWrittenAsTheStoredHashesWere() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("b", null);
        args.put("cost", new java.math.BigDecimal("0E-8"));
        args.put("n", 1.5);
        args.put("at", Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(new String(Json.canonicalBytes(args), StandardCharsets.UTF_8))
                .isEqualTo("{\"at\":\"2026-01-01T00:00:00Z\",\"cost\":0E-8,\"n\":1.5}");
    }
}
