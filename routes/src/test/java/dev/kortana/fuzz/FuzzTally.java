package dev.kortana.fuzz;

import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Every case's verdict, counted by channel and by kind, with the first failures kept for the report. */
public final class FuzzTally {

    /** How the service answered one case. The first two are right; every other is a failure of the suite. */
    public enum Verdict {
        /** Refused with a problem naming the place (4xx problem+json, an .error.json report, a dead letter with fields). */
        CLEAR_PROBLEM,
        /** Accepted, stored exactly as sent, and ended as it must (a good task COMPLETED). */
        ACCEPTED_AS_SENT,
        /** 5xx, a closed connection, a file left in the inbox, a record neither accepted nor dead-lettered. */
        SERVER_ERROR,
        /** Junk accepted. */
        JUNK_ACCEPTED,
        /** A good task refused, or accepted and not COMPLETED. */
        GOOD_LOST,
        /** Accepted, but stored other than sent. */
        CHANGED,
        /** Refused without a problem that names a place. */
        UNCLEAR_PROBLEM
    }

    private static final int KEPT_FAILURES = 60;

    private final Map<String, LongAdder> byChannel = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failureCount = new AtomicInteger();
    private final Map<String, AtomicInteger> keptPerKind = new ConcurrentHashMap<>();
    private final LongAdder repeats = new LongAdder();
    private final LongAdder notReady = new LongAdder();

    public void record(String channel, FuzzCase c, Verdict verdict, String detail) {
        byChannel.computeIfAbsent(channel + " " + verdict, k -> new LongAdder()).increment();
        byKind.computeIfAbsent(c.kind() + " " + verdict, k -> new LongAdder()).increment();
        // A few of each channel, verdict and kind, so one common failure does not hide the others.
        if (verdict != Verdict.CLEAR_PROBLEM && verdict != Verdict.ACCEPTED_AS_SENT
                && keptPerKind.computeIfAbsent(channel + verdict + c.kind(), k -> new AtomicInteger()).incrementAndGet() <= 3
                && failureCount.incrementAndGet() <= KEPT_FAILURES) {
            failures.add(channel + " " + verdict + ": " + detail + " — " + c.preview());
        }
    }

    /** A dead letter seen twice for one record (a redelivery); counted, as one is never retried for ever. */
    public void noteRepeat() {
        repeats.increment();
    }

    public long repeats() {
        return repeats.sum();
    }

    /** A readiness probe during the run that did not answer 200. */
    public void noteNotReady(String why) {
        notReady.increment();
        if (failureCount.incrementAndGet() <= KEPT_FAILURES) {
            failures.add("not ready: " + why);
        }
    }

    public long notReady() {
        return notReady.sum();
    }

    public long count(Verdict verdict) {
        return byChannel.entrySet().stream().filter(e -> e.getKey().endsWith(" " + verdict)).mapToLong(e -> e.getValue().sum()).sum();
    }

    public long count(String channel) {
        return byChannel.entrySet().stream().filter(e -> e.getKey().startsWith(channel + " ")).mapToLong(e -> e.getValue().sum()).sum();
    }

    public String failures() {
        return String.join("\n", failures);
    }

    /** Counts by channel and verdict, then by kind and verdict, one per line. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        new TreeMap<>(byChannel).forEach((k, v) -> s.append("  ").append(k).append(": ").append(v.sum()).append('\n'));
        s.append("  --\n");
        new TreeMap<>(byKind).forEach((k, v) -> s.append("  ").append(k).append(": ").append(v.sum()).append('\n'));
        return s.toString();
    }
}
