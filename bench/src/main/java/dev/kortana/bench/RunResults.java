package dev.kortana.bench;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * What the clients of one phase recorded: latencies in microseconds, outcomes by status, and when each completed task
 * was sent.
 */
final class RunResults {

    final ConcurrentHistogram accept = new ConcurrentHistogram(3);
    final ConcurrentHistogram endToEnd = new ConcurrentHistogram(3);
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<CompletionWatcher.Via, LongAdder> detectedVia = new ConcurrentHashMap<>();
    private final Map<String, Instant> completedSentAt = new ConcurrentHashMap<>();

    void accepted(long micros) {
        accept.recordValue(micros);
    }

    void finished(String taskId, Instant sentAt, CompletionWatcher.Completion completion, long endToEndMicros) {
        endToEnd.recordValue(endToEndMicros);
        count(completion.status());
        detectedVia.computeIfAbsent(completion.via(), v -> new LongAdder()).increment();
        if ("COMPLETED".equals(completion.status())) {
            completedSentAt.put(taskId, sentAt);
        }
    }

    /** An outcome that is not a task status: HTTP_503, TIMEOUT, ERROR_IOException... */
    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
    }

    Map<String, Long> outcomes() {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    long completed() {
        return outcomes().getOrDefault("COMPLETED", 0L);
    }

    long detected(CompletionWatcher.Via via) {
        LongAdder n = detectedVia.get(via);
        return n == null ? 0 : n.sum();
    }

    /** Completed tasks with the wall-clock time their POST was sent. */
    Map<String, Instant> completedSentAt() {
        return Map.copyOf(completedSentAt);
    }
}
