package dev.kortana.processors.tools;

import dev.kortana.contracts.Json;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Answers each call with the next scripted outcome and counts the calls; a call past the script fails the test. */
final class ScriptedTransport implements ToolTransport {

    private final Deque<Supplier<ToolResult>> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger calls = new AtomicInteger();

    ScriptedTransport then(Supplier<ToolResult> outcome) {
        script.add(outcome);
        return this;
    }

    /** The next call returns {@code {"text": text}}. */
    ScriptedTransport returns(String text) {
        return then(() -> result(text));
    }

    /** The next call throws {@code failure}. */
    ScriptedTransport fails(RuntimeException failure) {
        return then(() -> {
            throw failure;
        });
    }

    /** The next call signals {@code entered}, then holds its concurrency slot until {@code release} (at most 10 s). */
    ScriptedTransport holds(CountDownLatch entered, CountDownLatch release, String text) {
        return then(() -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result(text);
        });
    }

    int calls() {
        return calls.get();
    }

    @Override
    public ToolResult call(ToolSpec spec, ToolCall call) {
        int n = calls.incrementAndGet();
        Supplier<ToolResult> next = script.poll();
        if (next == null) {
            throw new AssertionError("unexpected call " + n + " of " + spec.name());
        }
        return next.get();
    }

    static ToolResult result(String text) {
        return new ToolResult(Json.MAPPER.createObjectNode().put("text", text), null);
    }
}
