package dev.kortana.processors.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.store.InMemoryToolCallLedger;
import dev.kortana.processors.store.ToolCallLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ToolInvokerTest {

    static final JsonNode LIMIT_SCHEMA = json("{\"type\": \"object\", \"properties\":"
            + " {\"limit\": {\"type\": \"integer\", \"maximum\": 50}}}");
    static final JsonNode ORDER_RESULT_SCHEMA = json("{\"type\": \"object\", \"required\": [\"orderId\"]}");

    private final ScriptedTransport transport = new ScriptedTransport();
    private final InMemoryToolCallLedger ledger = new InMemoryToolCallLedger("node-a");
    private final List<Long> pauses = new ArrayList<>();
    private final ToolInvoker invoker = new ToolInvoker(transport, ledger, pauses::add);

    @Test
    void retriesAnIdempotentToolUntilMaxAttemptsThenGivesUpWithTheAttemptCount() {
        transport.fails(new TransientToolFailure("503", true)).fails(new TransientToolFailure("timeout"))
                .fails(new IllegalStateException("connection reset"));

        assertThatThrownBy(() -> invoker.invoke(idempotent(3), call(0, Map.of())))
                .isInstanceOfSatisfying(ToolRetriesExhausted.class, e -> assertThat(e.attempts()).isEqualTo(3))
                .hasMessageContaining("retry.max-attempts 3")
                .hasMessageContaining("connection reset");
        assertThat(transport.calls()).isEqualTo(3);
        assertThat(ledger.size()).isZero();
    }

    @Test
    void doublesThePauseBetweenTriesAndReportsTheAttemptsOfTheCallThatSucceeded() throws Exception {
        transport.fails(new TransientToolFailure("503", true)).fails(new TransientToolFailure("429", true)).returns("ok");

        ToolInvocation invocation = invoker.invoke(idempotent(3), call(0, Map.of()));

        assertThat(pauses).containsExactly(200L, 400L);
        assertThat(invocation.attempts()).isEqualTo(3);
        assertThat(invocation.reused()).isFalse();
        assertThat(invocation.key()).isNull();
        assertThat(invocation.result().output().path("text").asText()).isEqualTo("ok");
    }

    @Test
    void doesNotRetryAToolFailure() {
        transport.fails(new ToolFailure("no such item"));

        assertThatThrownBy(() -> invoker.invoke(idempotent(3), call(0, Map.of()))).isInstanceOf(ToolFailure.class);
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void refusesArgumentsThatBreakTheArgsSchemaWithoutCallingTheTool() {
        ToolSpec spec = spec("orders.place", false, LIMIT_SCHEMA, null, ToolRetry.DEFAULT, null, null);

        assertThatThrownBy(() -> invoker.invoke(spec, call(0, Map.of("limit", 500))))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("args-schema of orders.place")
                .hasMessageContaining("/limit: ");
        assertThat(transport.calls()).isZero();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void letsAnHttpCallWithASafeMethodSkipTheLedger() throws Exception {
        ToolSpec http = new ToolSpec("shop.api", "http", "calls the shop", null, null, null, null, null, false);
        transport.returns("catalogue");

        ToolInvocation invocation = invoker.invoke(http, call(0, Map.of("url", "https://shop.example/items", "method", "get")));

        assertThat(invocation.key()).isNull();
        assertThat(ledger.size()).isZero();
        assertThat(ToolInvoker.isIdempotent(http, call(0, Map.of()))).as("GET by default").isTrue();
        assertThat(ToolInvoker.isIdempotent(http, call(0, Map.of("method", "POST")))).isFalse();
        assertThat(ToolInvoker.isIdempotent(nonIdempotent(), call(0, Map.of("method", "GET")))).as("not http").isFalse();
    }

    @Test
    void keyIsTheSameForTheSameArgumentsInAnyOrderAndDiffersForAnotherStepOrArguments() {
        Map<String, Object> ab = ordered("a", 1, "b", ordered("x", "1", "y", "2"));
        Map<String, Object> ba = ordered("b", ordered("y", "2", "x", "1"), "a", 1);
        String key = ToolInvoker.key(call(0, ab), "orders.place");

        assertThat(ToolInvoker.key(call(0, ba), "orders.place")).isEqualTo(key);
        assertThat(ToolInvoker.key(call(1, ab), "orders.place")).isNotEqualTo(key);
        assertThat(ToolInvoker.key(call(0, ordered("a", 2, "b", ordered("x", "1", "y", "2"))), "orders.place")).isNotEqualTo(key);
        assertThat(ToolInvoker.key(call(0, ab), "orders.cancel")).isNotEqualTo(key);
    }

    @Test
    void refusesACallBeyondTheConcurrencyLimitOnceTimeoutMsHasPassed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        transport.holds(entered, release, "first");
        ToolSpec spec = spec("inventory.lookup", true, null, null, new ToolRetry(1, 0), 1, 50L);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<ToolInvocation> first = other.submit(() -> invoker.invoke(spec, call(0, Map.of())));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> invoker.invoke(spec, call(1, Map.of())))
                    .isInstanceOfSatisfying(ToolRetriesExhausted.class, e -> assertThat(e.attempts()).isEqualTo(1))
                    .cause().isInstanceOf(TransientToolFailure.class)
                    .hasMessageContaining("inventory.lookup is at its concurrency limit (1) for 50 ms");

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).result().output().path("text").asText()).isEqualTo("first");
            assertThat(transport.calls()).isEqualTo(1);
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    static ToolSpec idempotent(int maxAttempts) {
        return spec("inventory.lookup", true, null, null, new ToolRetry(maxAttempts, 200), null, null);
    }

    static ToolSpec nonIdempotent() {
        return spec("orders.place", false, null, null, new ToolRetry(3, 200), null, null);
    }

    static ToolSpec spec(String name, boolean idempotent, JsonNode argsSchema, JsonNode resultSchema, ToolRetry retry,
            Integer concurrency, Long timeoutMs) {
        return new ToolSpec(name, "route", "test tool", null, null, null, null, null, null, argsSchema, resultSchema,
                idempotent, timeoutMs, retry, concurrency, null, "direct:" + name, null, null, null, null, null, null, false, null,
                null, null);
    }

    static ToolCall call(int step, Map<String, Object> args) {
        return new ToolCall("t-1", "acme", step, args);
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
