package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.audit.AuditTrail;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.processors.store.ToolCallLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step's call safely: arguments checked against the tool's schema, at most {@code concurrency} calls of a
 * tool at once, no call while the tool's circuit breaker is open, passing failures tried again per its retry policy,
 * a tool that stays down waited for ({@link ToolOutages}), the result checked against its schema, and every call of a
 * non-idempotent tool through the {@link ToolCallLedger}, so that its effect happens once per planned step whatever
 * fails around it. A call whose answer was lost is settled without a person where the tool allows it: sent again with
 * the same idempotency key when the tool honours such keys, or asked about through its reconcile check; only then is
 * it left to a person ({@link ReconciliationNeeded}).
 */
public class ToolInvoker {

    /** Waits between tries; tests pass one that does not wait. */
    @FunctionalInterface
    public interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    private static final Set<String> SAFE_HTTP_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ToolTransport transport;
    private final ToolCallLedger ledger;
    private final Pause pause;
    private final ToolOutages outages;
    private final ReconcileAsk reconcile;
    private final AuditTrail audit;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    // Results whose ledger row could not be completed (the database blinked): a retry here completes it from memory.
    private final Map<String, ToolResult> unsettled = new ConcurrentHashMap<>();

    public ToolInvoker(ToolTransport transport, ToolCallLedger ledger, Pause pause) {
        this(transport, ledger, pause, ToolOutages.NONE, null, AuditTrail.NONE);
    }

    /**
     * @param tools the registered tools, for reconcile checks that name another tool
     * @param audit where resolutions of unknown outcomes made without a person are recorded
     */
    public ToolInvoker(ToolTransport transport, ToolCallLedger ledger, Pause pause, ToolOutages outages, ToolLookup tools,
            AuditTrail audit) {
        this.transport = transport;
        this.ledger = ledger;
        this.pause = pause;
        this.outages = outages;
        this.reconcile = new ReconcileAsk(transport, tools);
        this.audit = audit;
    }

    public ToolInvocation invoke(ToolSpec spec, ToolCall call) throws InterruptedException {
        List<String> problems = spec.argsSchema() == null ? List.of()
                : ToolSchemas.violations(spec.argsSchema(), Json.MAPPER.valueToTree(call.args()));
        if (!problems.isEmpty()) {
            throw new ToolFailure("arguments do not match the args-schema of " + spec.name() + ": " + String.join("; ", problems));
        }
        if (isIdempotent(spec, call)) {
            return withRetries(spec, call.withSpec(spec, null), null, false);
        }
        String key = key(call, spec.name());
        ToolCall keyed = call.withSpec(spec, key);
        ToolResult recovered = unsettled.remove(key);
        if (recovered != null) {
            ledger.complete(key, recovered.output());
            return new ToolInvocation(recovered, 0, true, key);
        }
        var existing = ledger.claim(key, call.taskId(), call.stepIndex(), spec.name());
        if (existing.isEmpty()) {
            return withRetries(spec, keyed, key, false);
        }
        ToolCallLedger.Entry entry = existing.get();
        if (ToolCallLedger.COMPLETED.equals(entry.status())) {
            return recorded(spec, key, entry);
        }
        if (ledger.certainlyNotSentHere(entry)
                && ledger.releaseUnsent(key, "not sent: the database went away between the claim and the send")) {
            // This process claimed the call and the database went away before the request went out: nothing was sent.
            Optional<ToolCallLedger.Entry> again = ledger.claim(key, call.taskId(), call.stepIndex(), spec.name());
            if (again.isEmpty()) {
                return withRetries(spec, keyed, key, false);
            }
            entry = again.get();
            if (ToolCallLedger.COMPLETED.equals(entry.status())) {
                return recorded(spec, key, entry);
            }
        }
        // An earlier attempt's outcome is unknown: it crashed mid-call, or its answer was lost.
        String why = "attempt " + entry.attempts() + " on " + entry.node() + " at " + entry.startedAt() + " ended without an"
                + " answer: " + (entry.error() == null ? "the worker stopped during the call" : entry.error());
        if (spec.honoursIdempotencyKey()) {
            if (!ledger.resend(key)) {
                Optional<ToolInvocation> done = settledMeanwhile(spec, keyed, key);
                return done.isPresent() ? done.get() : withRetries(spec, keyed, key, false);
            }
            resolved(spec, keyed, "resent-with-idempotency-key", "the tool's idempotency key");
            return withRetries(spec, keyed, key, true);
        }
        Optional<ToolInvocation> settled = askTheCheck(spec, keyed, key, why, 0, null);
        return settled.isPresent() ? settled.get() : withRetries(spec, keyed, key, false);
    }

    /**
     * Tries the call per the tool's retry policy. {@code resent}: the row's outcome was unknown and this is the same
     * call sent again with its idempotency key, so a refusal now does not prove that nothing happened.
     */
    private ToolInvocation withRetries(ToolSpec spec, ToolCall call, String key, boolean resent) throws InterruptedException {
        Duration asked = Duration.ZERO; // the longest Retry-After the tool gave in this run
        boolean holding = false; // whether this attempt already holds the row again (a check said it did not happen)
        String circuit = ToolBreakers.circuit(spec, call);
        for (int attempt = 1; ; attempt++) {
            Optional<Duration> refused = outages.breakers().acquire(circuit);
            if (refused.isPresent()) {
                String why = "its circuit breaker is open"
                        + Optional.ofNullable(outages.breakers().openedBy(circuit)).map(f -> ", opened after: " + f).orElse("");
                if (key != null) {
                    ledger.notDelivered(key, why); // nothing was sent now; an earlier send is resent with its key
                }
                throw outages.putAsideOrGiveUp(spec, call, refused.get().compareTo(asked) < 0 ? asked : refused.get(), why,
                        attempt - 1, null);
            }
            ToolResult result;
            try {
                result = callWithinLimit(spec, call, circuit);
            } catch (ToolFailure e) {
                if (key != null && resent) {
                    // A resend was refused: the first send may still have acted (or still be acting: 409).
                    ledger.unknown(key, e.getMessage());
                    if (e.httpStatus() == 409 || e.httpStatus() == 425) {
                        throw outages.putAsideOrGiveUp(spec, call, null, e.getMessage(), attempt, e);
                    }
                    throw needsPerson(spec, call, key, "the call was sent again with its idempotency key and refused ("
                            + e.getMessage() + "), so whether the first send acted is still unknown");
                }
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
                boolean lastTry = attempt >= spec.retry().maxAttempts();
                if (e.retryAfter() != null && e.retryAfter().compareTo(asked) > 0) {
                    asked = e.retryAfter();
                }
                if (key != null && !e.notDelivered()) {
                    ledger.unknown(key, e.getMessage());
                    if (spec.honoursIdempotencyKey()) {
                        resent = true; // the next try, or a later run, sends it again with the same key
                        if (!lastTry) {
                            resolved(spec, call, "resent-with-idempotency-key", "the tool's idempotency key");
                        }
                    } else {
                        Optional<ToolInvocation> settled = askTheCheck(spec, call, key,
                                spec.name() + " failed after the request was sent (" + e.getMessage() + ")", attempt, e);
                        if (settled.isPresent()) {
                            return settled.get();
                        }
                        holding = true; // it did not happen: this attempt holds the row and may send again
                    }
                } else if (key != null) {
                    ledger.notDelivered(key, e.getMessage());
                }
                if (lastTry) {
                    throw e.unavailable() || spec.honoursIdempotencyKey()
                            ? outages.putAsideOrGiveUp(spec, call, e.retryAfter(), e.getMessage(), attempt, e)
                            : new ToolRetriesExhausted(spec.name() + " failed " + attempt + " times (retry.max-attempts "
                                    + spec.retry().maxAttempts() + "): " + e.getMessage(), attempt, e);
                }
                pause.sleep(Math.max(spec.retry().pauseBefore(attempt + 1), e.retryAfter() == null ? 0
                        : Math.min(e.retryAfter().toMillis(), spec.retry().pauseBefore(attempt + 1) * 4)));
                if (key != null && !holding && !(ledger.claim(key, call.taskId(), call.stepIndex(), spec.name()).isEmpty()
                        || spec.honoursIdempotencyKey() && ledger.resend(key))) {
                    throw needsPerson(spec, call, key, "the call was claimed by another attempt while this one waited to retry");
                }
                holding = false;
                continue;
            }
            settle(spec, key, result);
            return new ToolInvocation(result, attempt, false, key);
        }
    }

    /**
     * Asks the tool's reconcile check about a call whose outcome is unknown (its row is UNKNOWN or STARTED). Returns the
     * call's result when it happened; empty when it did not and this attempt now holds the row, so the call may be
     * sent. Puts the task aside when the check does not answer for now, and leaves it to a person when there is no
     * check or it cannot tell.
     */
    private Optional<ToolInvocation> askTheCheck(ToolSpec spec, ToolCall call, String key, String why, int attempts,
            Throwable cause) {
        if (spec.reconcile() == null) {
            throw needsPerson(spec, call, key, why);
        }
        ReconcileAsk.Answer answer = reconcile.ask(spec, call, key);
        switch (answer.verdict()) {
            case HAPPENED -> {
                if (!ToolSchemas.violations(spec.resultSchema(), answer.result()).isEmpty()) {
                    throw needsPerson(spec, call, key, answer.why() + " said it happened, but its result does not match the result-schema");
                }
                if (!ledger.resolvedBy(key, true, answer.result(), "reconcile: " + answer.why())) {
                    return settledMeanwhile(spec, call, key);
                }
                resolved(spec, call, "reconciled-happened", answer.why());
                return Optional.of(new ToolInvocation(new ToolResult(answer.result(), null), attempts, true, key));
            }
            case DID_NOT_HAPPEN -> {
                if (!ledger.resolvedBy(key, false, null, "reconcile: " + answer.why())) {
                    return settledMeanwhile(spec, call, key);
                }
                resolved(spec, call, "reconciled-not-happened", answer.why());
                if (ledger.claim(key, call.taskId(), call.stepIndex(), spec.name()).isPresent()) {
                    return settledMeanwhile(spec, call, key);
                }
                return Optional.empty();
            }
            case NOT_NOW -> throw outages.putAsideOrGiveUp(spec, call, null, why + "; " + answer.why(), attempts, cause);
            default -> throw needsPerson(spec, call, key, why + "; " + answer.why());
        }
    }

    /**
     * The row changed under this attempt (another one settled or claimed it): its recorded result when it completed;
     * empty when this attempt now holds it, so the call may be sent; a person otherwise.
     */
    private Optional<ToolInvocation> settledMeanwhile(ToolSpec spec, ToolCall call, String key) {
        var row = ledger.claim(key, call.taskId(), call.stepIndex(), spec.name());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (ToolCallLedger.COMPLETED.equals(row.get().status())) {
            return Optional.of(recorded(spec, key, row.get()));
        }
        throw needsPerson(spec, call, key, "another attempt holds the call (" + row.get().status() + ")");
    }

    private static ToolInvocation recorded(ToolSpec spec, String key, ToolCallLedger.Entry entry) {
        ToolResult recorded = new ToolResult(entry.result(), null);
        checkResult(spec, recorded.output()); // a replay must not accept what the first call could not
        return new ToolInvocation(recorded, 0, true, key);
    }

    /**
     * The audit entry of an unknown outcome settled without a person: what settled it (a tool's name or a host, never a
     * URL), never arguments, results or error text.
     */
    private void resolved(ToolSpec spec, ToolCall call, String resolution, String by) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("step", call.stepIndex());
        detail.put("tool", spec.name());
        detail.put("resolution", resolution);
        detail.put("by", by);
        audit.record("tool-call-resolved", call.taskId(), "executor", detail);
    }

    private static ReconciliationNeeded needsPerson(ToolSpec spec, ToolCall call, String key, String why) {
        return new ReconciliationNeeded("call of " + spec.name() + " for step " + call.stepIndex() + " (ledger key "
                + key.substring(0, 12) + ") may have taken effect: " + why + ". Check the target system, then decide with"
                + " POST /api/tasks/" + call.taskId() + "/reconciliation {\"happened\": true} or {\"happened\": false}, or"
                + " ./kortana reconcile " + call.taskId() + " --happened or --not-happened");
    }

    private ToolResult callWithinLimit(ToolSpec spec, ToolCall call, String circuit) throws InterruptedException {
        Semaphore slot = slots.computeIfAbsent(spec.name() + "#" + spec.concurrency(), k -> new Semaphore(spec.concurrency()));
        boolean free;
        try {
            free = slot.tryAcquire(spec.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            outages.breakers().released(circuit);
            Thread.currentThread().interrupt(); // the next pause ends the run; nothing was sent
            throw new TransientToolFailure(spec.name() + " was not called: this worker is stopping", true, e);
        }
        if (!free) {
            outages.breakers().released(circuit);
            throw new TransientToolFailure(spec.name() + " is at its concurrency limit (" + spec.concurrency()
                    + ") for " + spec.timeoutMs() + " ms", true);
        }
        long t0 = System.nanoTime();
        boolean counted = false;
        try {
            if (call.idempotencyKey() != null) {
                ledger.sending(call.idempotencyKey());
            }
            ToolResult result = transport.call(spec, call);
            outages.breakers().succeeded(circuit, System.nanoTime() - t0);
            counted = true;
            return result;
        } catch (ToolFailure e) {
            outages.breakers().succeeded(circuit, System.nanoTime() - t0); // it answered: it is up
            counted = true;
            throw e;
        } catch (TransientToolFailure e) {
            outages.breakers().failed(circuit, System.nanoTime() - t0, e);
            counted = true;
            throw e;
        } finally {
            if (!counted) { // a rate limit, the database, an interrupt: not the tool's doing
                outages.breakers().released(circuit);
            }
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
