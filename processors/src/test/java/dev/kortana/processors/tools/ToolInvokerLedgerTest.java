package dev.kortana.processors.tools;

import static dev.kortana.processors.tools.ToolInvokerTest.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.processors.store.InMemoryToolCallLedger;
import dev.kortana.processors.store.ToolCallLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Non-idempotent calls and the idempotency ledger: once per planned step, reconciliation when unsure. */
class ToolInvokerLedgerTest {


    private final ScriptedTransport transport = new ScriptedTransport();
    private final InMemoryToolCallLedger ledger = new InMemoryToolCallLedger("node-a");
    private final List<Long> pauses = new ArrayList<>();
    private final ToolInvoker invoker = new ToolInvoker(transport, ledger, pauses::add);

    @Test
    void answersARepeatedNonIdempotentCallFromTheLedgerWithoutCallingTheToolAgain() throws Exception {
        transport.returns("order 17 placed");
        ToolCall call = call(2, Map.of("item", "widget"));

        ToolInvocation first = invoker.invoke(nonIdempotent(), call);
        ToolInvocation again = invoker.invoke(nonIdempotent(), call);

        assertThat(transport.calls()).isEqualTo(1);
        assertThat(first.reused()).isFalse();
        assertThat(again.reused()).isTrue();
        assertThat(again.attempts()).isZero();
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.result().output()).isEqualTo(first.result().output());
        assertThat(ledger.row(first.key()).status()).isEqualTo(ToolCallLedger.COMPLETED);
    }

    @Test
    void retriesANonIdempotentCallTheFarSideCertainlyDidNotReceive() throws Exception {
        transport.fails(new TransientToolFailure("503 Service Unavailable", true)).returns("order 17 placed");

        ToolInvocation invocation = invoker.invoke(nonIdempotent(), call(0, Map.of("item", "widget")));

        assertThat(transport.calls()).isEqualTo(2);
        assertThat(invocation.attempts()).isEqualTo(2);
        assertThat(ledger.row(invocation.key()).status()).isEqualTo(ToolCallLedger.COMPLETED);
        assertThat(ledger.row(invocation.key()).attempts()).isEqualTo(2);
    }

    @Test
    void stopsForReconciliationWhenANonIdempotentCallMayHaveTakenEffectAndNeverRepeatsIt() {
        transport.fails(new TransientToolFailure("read timed out after sending", false));
        ToolCall call = call(0, Map.of("item", "widget"));

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call))
                .isInstanceOf(ReconciliationNeeded.class).hasMessageContaining("read timed out after sending");
        assertThat(ledger.row(ToolInvoker.key(call, "orders.place")).status()).isEqualTo(ToolCallLedger.UNKNOWN);

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call))
                .isInstanceOf(ReconciliationNeeded.class).hasMessageContaining("read timed out after sending");
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void stopsForReconciliationWhenAWorkerDiedDuringTheCall() {
        ToolCall call = call(1, Map.of("item", "widget"));
        ledger.startedBy("node-crashed", ToolInvoker.key(call, "orders.place"), "t-1", 1, "orders.place");

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call))
                .isInstanceOf(ReconciliationNeeded.class)
                .hasMessageContaining("the worker stopped during the call")
                .hasMessageContaining("POST /api/tasks/t-1/reconciliation")
                .hasMessageContaining("./kortana reconcile t-1 --happened or --not-happened");
        assertThat(transport.calls()).isZero();
    }

    @Test
    void aCallThisProcessClaimedButNeverSentIsSentWhenTheStageRunsAgain() throws Exception {
        // The claim committed, then the database went away before the request went out (or took the commit's answer).
        ToolCall call = call(1, Map.of("item", "widget"));
        ledger.claim(ToolInvoker.key(call, "orders.place"), "t-1", 1, "orders.place");
        transport.returns("order 18 placed");

        ToolInvocation invocation = invoker.invoke(nonIdempotent(), call);

        assertThat(transport.calls()).isEqualTo(1);
        assertThat(ledger.row(invocation.key()).status()).isEqualTo(ToolCallLedger.COMPLETED);
        assertThat(ledger.row(invocation.key()).attempts()).isEqualTo(2);
    }

    @Test
    void aRestartedProcessWithTheSameNodeIdDoesNotTakeTheOldProcesssClaimForItsOwn() {
        // An operator set kortana.node-id: the process that stopped mid-call had the same one.
        ToolCall call = call(1, Map.of("item", "widget"));
        ledger.startedBy("node-a", ToolInvoker.key(call, "orders.place"), "t-1", 1, "orders.place");

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call)).isInstanceOf(ReconciliationNeeded.class);
        assertThat(transport.calls()).isZero();
    }

    @Test
    void aCallThisProcessBeganToSendIsNeverSentAgainWithoutAnAnswer() {
        ToolCall call = call(1, Map.of("item", "widget"));
        String key = ToolInvoker.key(call, "orders.place");
        ledger.claim(key, "t-1", 1, "orders.place");
        ledger.sending(key); // the request went out; the database went away before its answer was recorded

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call)).isInstanceOf(ReconciliationNeeded.class);
        assertThat(transport.calls()).isZero();
    }

    @Test
    void marksARefusedCallFailedAndLetsALaterInvocationCallAgain() throws Exception {
        transport.fails(new ToolFailure("400 out of stock")).returns("order 17 placed");
        ToolCall call = call(0, Map.of("item", "widget"));
        String key = ToolInvoker.key(call, "orders.place");

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call)).isInstanceOf(ToolFailure.class);
        assertThat(ledger.row(key).status()).isEqualTo(ToolCallLedger.FAILED);
        assertThat(ledger.row(key).error()).isEqualTo("400 out of stock");

        ToolInvocation retried = invoker.invoke(nonIdempotent(), call);

        assertThat(retried.reused()).isFalse();
        assertThat(transport.calls()).isEqualTo(2);
        assertThat(ledger.row(key).status()).isEqualTo(ToolCallLedger.COMPLETED);
        assertThat(ledger.row(key).attempts()).isEqualTo(2);
    }

    @Test
    void treatsAnUnexpectedExceptionAsOutcomeUnknownForANonIdempotentTool() {
        transport.fails(new IllegalStateException("stream closed"));
        ToolCall call = call(0, Map.of("item", "widget"));

        assertThatThrownBy(() -> invoker.invoke(nonIdempotent(), call))
                .isInstanceOf(ReconciliationNeeded.class)
                .hasMessageContaining("IllegalStateException: stream closed");
        assertThat(ledger.row(ToolInvoker.key(call, "orders.place")).status()).isEqualTo(ToolCallLedger.UNKNOWN);
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void failsAResultThatBreaksTheResultSchemaButRecordsThatTheEffectHappened() {
        transport.returns("placed, but no order id");
        ToolSpec spec = spec("orders.place", false, null, ORDER_RESULT_SCHEMA, ToolRetry.DEFAULT, null, null);
        ToolCall call = call(0, Map.of("item", "widget"));

        assertThatThrownBy(() -> invoker.invoke(spec, call))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("does not match its result-schema")
                .hasMessageContaining("/orderId");
        assertThat(ledger.row(ToolInvoker.key(call, "orders.place")).status()).isEqualTo(ToolCallLedger.COMPLETED);
    }
}
