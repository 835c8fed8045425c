package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.processors.store.ToolCallLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step's call safely: arguments checked against the tool's schema, at most {@code concurrency} calls of a
 * tool at once, passing failures tried again per its retry policy, the result checked against its schema, and every
 * call of a non-idempotent tool through the {@link ToolCallLedger}, so that its effect happens once per planned step
 * whatever fails around it.
 */
public class ToolInvoker {

    private static final String RECONCILE = "Check the target system, then replay the dead letter with resolve=done or"
            + " resolve=not-done (./kortana replay <dead-letter id> --assume-done or --assume-not-done)";

    /** Waits between tries; tests pass one that does not wait. */
    @FunctionalInterface
    public interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private static final Set<String> SAFE_HTTP_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ToolTransport transport;
    private final ToolCallLedger ledger;
    private final Pause pause;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    // Results whose ledger row could not be completed (the database blinked): a retry here completes it from memory.
    private final Map<String, ToolResult> unsettled = new ConcurrentHashMap<>();

    public ToolInvoker(ToolTransport transport, ToolCallLedger ledger, Pause pause) {
        this.transport = transport;
        this.ledger = ledger;
        this.pause = pause;
    }

    public ToolInvocation invoke(ToolSpec spec, ToolCall call) throws InterruptedException {
        List<String> problems = spec.argsSchema() == null ? List.of()
                : ToolSchemas.violations(spec.argsSchema(), Json.MAPPER.valueToTree(call.args()));
        if (!problems.isEmpty()) {
            throw new ToolFailure("arguments do not match the args-schema of " + spec.name() + ": " + String.join("; ", problems));
        }
        if (isIdempotent(spec, call)) {
            return withRetries(spec, call, null);
        }
        String key = key(call, spec.name());
        ToolResult recovered = unsettled.remove(key);
        if (recovered != null) {
            ledger.complete(key, recovered.output());
            return new ToolInvocation(recovered, 0, true, key);
        }
        var existing = ledger.claim(key, call.taskId(), call.stepIndex(), spec.name());
        if (existing.isPresent()) {
            ToolCallLedger.Entry entry = existing.get();
            if (ToolCallLedger.COMPLETED.equals(entry.status())) {
                ToolResult recorded = new ToolResult(entry.result(), null);
                checkResult(spec, recorded.output()); // a replay must not accept what the first call could not
                return new ToolInvocation(recorded, 0, true, key);
            }
            throw new ReconciliationNeeded("call of " + spec.name() + " for step " + call.stepIndex() + " (ledger key "
                    + key.substring(0, 12) + ", attempt " + entry.attempts() + " on " + entry.node() + " at " + entry.startedAt()
                    + ") may have taken effect: " + (entry.error() == null ? "the worker stopped during the call" : entry.error())
                    + ". " + RECONCILE);
        }
        return withRetries(spec, call.withSpec(spec, key), key);
    }

    private ToolInvocation withRetries(ToolSpec spec, ToolCall call, String key) throws InterruptedException {
        ToolCall keyed = key == null ? call.withSpec(spec, null) : call;
        for (int attempt = 1; ; attempt++) {
            ToolResult result;
            try {
                result = callWithinLimit(spec, keyed);
            } catch (ToolFailure e) {
                if (key != null) {
                    ledger.failed(key, e.getMessage());
                }
                throw e;
            } catch (StoreUnavailableException e) {
                throw e; // the pipeline waits for the database; the call is not the tool's fault
            } catch (RateLimited e) {
                if (key != null) {
                    ledger.notDelivered(key, e.getMessage()); // nothing was sent: the resumed task may call again
                }
                throw e; // the task waits for a token (a model tool's models are all at their rate limits)
            } catch (RuntimeException thrown) {
                TransientToolFailure e = thrown instanceof TransientToolFailure t ? t
                        : new TransientToolFailure(thrown.getClass().getSimpleName() + ": " + thrown.getMessage());
                if (key != null && !e.notDelivered()) {
                    ledger.unknown(key, e.getMessage());
                    throw new ReconciliationNeeded("call of " + spec.name() + " for step " + call.stepIndex()
                            + " failed after the request was sent (" + e.getMessage() + "), so it may have taken effect."
                            + " " + RECONCILE);
                }
                if (key != null) {
                    ledger.notDelivered(key, e.getMessage());
                }
                if (attempt >= spec.retry().maxAttempts()) {
                    throw new ToolRetriesExhausted(spec.name() + " failed " + attempt + " times (retry.max-attempts "
                            + spec.retry().maxAttempts() + "): " + e.getMessage(), attempt, e);
                }
                pause.sleep(spec.retry().pauseBefore(attempt + 1));
                if (key != null && ledger.claim(key, call.taskId(), call.stepIndex(), spec.name()).isPresent()) {
                    throw new ReconciliationNeeded("call of " + spec.name() + " for step " + call.stepIndex()
                            + " was claimed by another attempt while this one waited to retry");
                }
                continue;
            }
            settle(spec, key, result);
            return new ToolInvocation(result, attempt, false, key);
        }
    }

    private ToolResult callWithinLimit(ToolSpec spec, ToolCall call) throws InterruptedException {
        Semaphore slot = slots.computeIfAbsent(spec.name() + "#" + spec.concurrency(), k -> new Semaphore(spec.concurrency()));
        if (!slot.tryAcquire(spec.timeoutMs(), TimeUnit.MILLISECONDS)) {
            throw new TransientToolFailure(spec.name() + " is at its concurrency limit (" + spec.concurrency()
                    + ") for " + spec.timeoutMs() + " ms", true);
        }
        try {
            return transport.call(spec, call);
        } finally {
            slot.release();
        }
    }

    private void settle(ToolSpec spec, String key, ToolResult result) {
        JsonNode output = result.output() == null ? Json.MAPPER.nullNode() : result.output();
        if (key != null) {
            try {
                ledger.complete(key, output);
            } catch (RuntimeException e) {
                unsettled.put(key, result);
                throw e;
            }
        }
        checkResult(spec, output);
    }

    private static void checkResult(ToolSpec spec, JsonNode output) {
        List<String> problems = ToolSchemas.violations(spec.resultSchema(), output == null ? Json.MAPPER.nullNode() : output);
        if (!problems.isEmpty()) {
            throw new ToolFailure(spec.name() + " returned a result that does not match its result-schema: "
                    + String.join("; ", problems));
        }
    }

    /** Declared idempotent, or an HTTP call with a method that changes nothing. */
    static boolean isIdempotent(ToolSpec spec, ToolCall call) {
        if (spec.idempotent()) {
            return true;
        }
        return "http".equals(spec.kind())
                && SAFE_HTTP_METHODS.contains(String.valueOf(call.args().getOrDefault("method", "GET")).toUpperCase(Locale.ROOT));
    }

    /** The ledger key: the same task, step, tool and arguments always give the same key. */
    public static String key(ToolCall call, String tool) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((call.taskId() + '\0' + call.stepIndex() + '\0' + tool + '\0').getBytes(StandardCharsets.UTF_8));
            sha.update(Json.canonicalBytes(call.args()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
