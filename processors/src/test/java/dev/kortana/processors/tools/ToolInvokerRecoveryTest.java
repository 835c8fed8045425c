package dev.kortana.processors.tools;

import static dev.kortana.processors.tools.ToolInvokerTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.contracts.Json;
import dev.kortana.processors.store.InMemoryToolCallLedger;
import dev.kortana.processors.store.ToolCallLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the invoker settles without a person: a call whose answer was lost (resent with its idempotency key, or asked
 * about through the tool's reconcile check) and a tool that is down (put aside until it may be back, within its
 * patience, never hammered while its breaker is open).
 */
class ToolInvokerRecoveryTest {

    private final ScriptedTransport transport = new ScriptedTransport();
    private final InMemoryToolCallLedger ledger = new InMemoryToolCallLedger("node-a");
    private final List<String> audit = new ArrayList<>();
    private final Map<String, Instant> waits = new HashMap<>();
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ToolBreakers breakers = new ToolBreakers(new ToolBreakers.Settings(50, 2, 4, Duration.ofSeconds(10), 1), clock);
    private final ToolSpec checker = new ToolSpec("orders.lookup", "route", "finds an order by key", null, null, null, null, null, true);
    private final ToolInvoker invoker = new ToolInvoker(transport, ledger, millis -> { },
            new ToolOutages(breakers, (task, step, tool, wait) -> waits.computeIfAbsent(task + "/" + step, k -> now),
                    Duration.ofMinutes(30), Duration.ofSeconds(10), clock),
            new ToolCatalog(List.of(checker)),
            (kind, taskId, actor, detail) -> audit.add(kind + " " + detail.get("resolution") + " by " + detail.get("by")));

    @Test
    void resendsALostAnswerWithTheSameKeyWhenTheToolHonoursIt() throws Exception {
        transport.fails(new TransientToolFailure("HTTP 500 from shop")).returns("order 7 placed");
        ToolCall call = call(0, Map.of("item", "widget"));

        ToolInvocation done = invoker.invoke(tool(true, null), call);

        assertThat(done.result().output().path("text").asText()).isEqualTo("order 7 placed");
        assertThat(transport.calls()).isEqualTo(2);
        ToolCallLedger.Entry row = ledger.row(done.key());
        assertThat(row.status()).isEqualTo(ToolCallLedger.COMPLETED);
        assertThat(row.attempts()).as("the attempt that settled it").isEqualTo(2);
        assertThat(audit).containsExactly("tool-call-resolved resent-with-idempotency-key by the tool's idempotency key");
    }

    @Test
    void resendsACallAWorkerDiedDuringWhenTheToolHonoursKeys() throws Exception {
        ToolCall call = call(1, Map.of("item", "widget"));
        ledger.claim(ToolInvoker.key(call, "orders.place"), "t-1", 1, "orders.place"); // the crashed worker's claim
        transport.returns("order 8 placed");

        ToolInvocation done = invoker.invoke(tool(true, null), call);

        assertThat(done.reused()).isFalse();
        assertThat(ledger.row(done.key()).attempts()).isEqualTo(2);
        assertThat(ledger.row(done.key()).status()).isEqualTo(ToolCallLedger.COMPLETED);
    }

    @Test
    void takesTheReconcileChecksWordThatTheCallHappenedAndDoesNotCallAgain() throws Exception {
        transport.fails(new TransientToolFailure("read timed out after sending"))
                .then(() -> new ToolResult(ToolInvokerTest.json("{\"happened\": true, \"result\": {\"text\": \"order 9\"}}"), null));
        ToolCall call = call(0, Map.of("item", "widget"));

        ToolInvocation done = invoker.invoke(tool(false, new ReconcileCheck("orders.lookup", null)), call);

        assertThat(done.reused()).isTrue();
        assertThat(done.result().output().path("text").asText()).isEqualTo("order 9");
        assertThat(transport.calls()).as("the call, then the check").isEqualTo(2);
        assertThat(ledger.row(done.key()).resolvedBy()).isEqualTo("reconcile: the reconcile tool orders.lookup");
        assertThat(audit).containsExactly("tool-call-resolved reconciled-happened by the reconcile tool orders.lookup");
    }

    @Test
    void callsAgainWhenTheReconcileCheckSaysItDidNotHappen() throws Exception {
        transport.fails(new TransientToolFailure("HTTP 500 from shop"))
                .then(() -> new ToolResult(ToolInvokerTest.json("{\"happened\": false}"), null))
                .returns("order 10 placed");

        ToolInvocation done = invoker.invoke(tool(false, new ReconcileCheck("orders.lookup", null)), call(0, Map.of("item", "w")));

        assertThat(done.result().output().path("text").asText()).isEqualTo("order 10 placed");
        assertThat(transport.calls()).isEqualTo(3);
        assertThat(audit).containsExactly("tool-call-resolved reconciled-not-happened by the reconcile tool orders.lookup");
    }

    @Test
    void leavesItToAPersonWhenTheCheckCannotAnswer() {
        transport.fails(new TransientToolFailure("HTTP 500 from shop"))
                .then(() -> new ToolResult(ToolInvokerTest.json("{\"orders\": []}"), null));

        assertThatThrownBy(() -> invoker.invoke(tool(false, new ReconcileCheck("orders.lookup", null)), call(0, Map.of("item", "w"))))
                .isInstanceOf(ReconciliationNeeded.class)
                .hasMessageContaining("did not answer {\"happened\": true|false}")
                .hasMessageContaining("/reconciliation");
        assertThat(audit).isEmpty();
    }

    @Test
    void aCheckThatIsDownPutsTheTaskAsideInsteadOfCallingAPerson() {
        transport.fails(new TransientToolFailure("HTTP 500 from shop"))
                .fails(TransientToolFailure.unavailable("HTTP 502 from lookup", false, null, null));
        ToolCall call = call(0, Map.of("item", "w"));

        assertThatThrownBy(() -> invoker.invoke(tool(false, new ReconcileCheck("orders.lookup", null)), call))
                .isInstanceOf(ToolUnavailable.class).hasMessageContaining("did not answer for now");
        assertThat(ledger.row(ToolInvoker.key(call, "orders.place")).status()).as("still unknown").isEqualTo(ToolCallLedger.UNKNOWN);
    }

    @Test
    void aResendThatIsRefusedAsInProgressWaitsAndNeverRecordsTheCallAsFailed() {
        transport.fails(new TransientToolFailure("HTTP 500 from shop"))
                .fails(new ToolFailure("HTTP 409 from shop: a request with this key is in progress", 409));
        ToolCall call = call(0, Map.of("item", "w"));
        ToolInvoker noBreaker = new ToolInvoker(transport, ledger, millis -> { }, new ToolOutages(ToolBreakers.NONE,
                (task, step, tool, wait) -> now, Duration.ofMinutes(30), Duration.ofSeconds(10), clock), null, (k, t, a, d) -> { });

        assertThatThrownBy(() -> noBreaker.invoke(tool(true, null), call)).isInstanceOf(ToolUnavailable.class);
        assertThat(ledger.row(ToolInvoker.key(call, "orders.place")).status()).isEqualTo(ToolCallLedger.UNKNOWN);

        transport.fails(new ToolFailure("HTTP 400 from shop: bad request", 400));
        assertThatThrownBy(() -> noBreaker.invoke(tool(true, null), call))
                .as("a resend refused otherwise: the first send's fate is still unknown").isInstanceOf(ReconciliationNeeded.class);
        assertThat(ledger.row(ToolInvoker.key(call, "orders.place")).status()).isEqualTo(ToolCallLedger.UNKNOWN);
    }

    @Test
    void putsATaskAsideWhileItsToolIsDownAndGivesUpOnlyAfterThePatience() throws Exception {
        ToolSpec spec = tool(false, null);
        for (int i = 0; i < 3; i++) {
            transport.fails(TransientToolFailure.unavailable("HTTP 503 from shop", true, Duration.ofSeconds(20), null));
        }

        assertThatThrownBy(() -> invoker.invoke(spec, call(0, Map.of("item", "w"))))
                .isInstanceOfSatisfying(ToolUnavailable.class, e -> {
                    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(24));
                    assertThat(e.getMessage()).contains("patience 30m").contains("HTTP 503");
                });
        assertThat(breakers.state("orders.place")).isEqualTo("OPEN");

        int sent = transport.calls();
        assertThatThrownBy(() -> invoker.invoke(spec, call(0, Map.of("item", "w"))))
                .as("while the breaker is open nothing is sent").isInstanceOf(ToolUnavailable.class)
                .hasMessageContaining("circuit breaker is open");
        assertThat(transport.calls()).isEqualTo(sent);

        now = now.plus(Duration.ofMinutes(31));
        transport.fails(TransientToolFailure.unavailable("HTTP 503 from shop", true, null, null));
        assertThatThrownBy(() -> invoker.invoke(spec, call(0, Map.of("item", "w"))))
                .isInstanceOf(ToolRetriesExhausted.class)
                .hasMessageContaining("longer than its patience of 30m");
    }

    @Test
    void aToolThatAnswersAFourHundredIsUpAndKeepsItsBreakerClosed() {
        for (int i = 0; i < 4; i++) {
            transport.fails(new ToolFailure("HTTP 404 from shop", 404));
        }
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> invoker.invoke(tool(false, null), call(0, Map.of("n", Json.MAPPER.nullNode()))))
                    .isInstanceOf(ToolFailure.class);
        }
        assertThat(breakers.state("orders.place")).isEqualTo("CLOSED");
    }

    private static ToolSpec tool(boolean honoursKey, ReconcileCheck reconcile) {
        return new ToolSpec("orders.place", "route", "places an order", null, null, null, null, null, null, null, null, false,
                null, new ToolRetry(3, 200), null, null, "direct:orders", null, null, null, null, null, null, honoursKey, null,
                reconcile, null);
    }
}
