package dev.kortana.processors.model;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What this instance has seen of one model: latency as an exponentially weighted moving average, calls and failures,
 * and the slots that cap its concurrent calls.
 */
public final class ModelStats {

    /** Weight of the newest latency sample; 0.2 follows a change within about ten calls. */
    private static final double ALPHA = 0.2;

    /** A point-in-time copy for the API and ranking. */
    /** {@code misconfigured}: why the model's last call showed it configured wrongly, or null (see {@link #misconfigured}). */
    public record Snapshot(double latencyEwmaMs, long calls, long failures, String lastError, int inFlight,
            String misconfigured) {
        public double errorRate() {
            return calls == 0 ? 0 : (double) failures / calls;
        }
    }

    private final Semaphore slots;
    private final int maxConcurrency;
    private double latencyEwmaMs = -1;
    private long calls;
    private long failures;
    private String lastError;
    private String misconfigured;

    public ModelStats(int maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
        this.slots = new Semaphore(maxConcurrency, true);
    }

    public synchronized void succeeded(long latencyMs) {
        calls++;
        misconfigured = null;
        latencyEwmaMs = latencyEwmaMs < 0 ? latencyMs : ALPHA * latencyMs + (1 - ALPHA) * latencyEwmaMs;
    }

    public synchronized void failed(String error) {
        calls++;
        failures++;
        lastError = error;
    }

    /**
     * The call failed because the model is configured wrongly (a rejected key, an unknown model name): shown until it
     * answers again or the catalog is loaded anew.
     */
    public synchronized void misconfigured(String error) {
        failed(error);
        misconfigured = error;
    }

    /** Whether the model's last call showed it configured wrongly and it has not answered since. */
    public synchronized boolean isMisconfigured() {
        return misconfigured != null;
    }

    /** Measured latency, or -1 before the first answer. */
    public synchronized double latencyEwmaMs() {
        return latencyEwmaMs;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(latencyEwmaMs, calls, failures, lastError, maxConcurrency - slots.availablePermits(), misconfigured);
    }

    /** Takes a call slot, waiting at most {@code wait}; false when the model stayed saturated. */
    public boolean acquire(Duration wait) throws InterruptedException {
        return slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        slots.release();
    }
}
