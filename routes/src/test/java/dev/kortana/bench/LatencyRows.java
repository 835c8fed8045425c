package dev.kortana.bench;

import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;

/** Times calls into a histogram (microseconds) and prints one row per path, with what it adds over another row. */
final class LatencyRows {

    /** Where {@link #measureNanos} keeps each result, so that the JIT cannot drop a call whose result is unused. */
    private static volatile Object sink;

    private LatencyRows() {}

    static void measure(Callable<Object> call, int n, Histogram into) throws Exception {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.call();
            long elapsed = System.nanoTime() - t0;
            if (into != null) {
                into.recordValue(elapsed / 1000);
            }
        }
    }

    /** {@link #measure} in nanoseconds, for calls of a few microseconds or less. */
    static void measureNanos(Callable<Object> call, int n, Histogram into) throws Exception {
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Object result = call.call();
            long elapsed = System.nanoTime() - t0;
            sink = result;
            if (into != null) {
                into.recordValue(elapsed);
            }
        }
    }

    static void print(String name, Histogram h, Histogram baseline, String addedLabel) {
        print(name, h, baseline, addedLabel, "us");
    }

    /** One row; {@code unit} names what the histogram holds ({@code us}, or {@code ns} after measureNanos). */
    static void print(String name, Histogram h, Histogram baseline, String addedLabel, String unit) {
        String added = baseline == null ? "" : String.format("   %s: p50 %+d %s, p99 %+d %s", addedLabel,
                h.getValueAtPercentile(50) - baseline.getValueAtPercentile(50), unit,
                h.getValueAtPercentile(99) - baseline.getValueAtPercentile(99), unit);
        System.out.printf("%-34s p50 %6d %s   p90 %6d %s   p99 %6d %s   p99.9 %6d %s   max %7d %s   n=%d%s%n", name,
                h.getValueAtPercentile(50), unit, h.getValueAtPercentile(90), unit, h.getValueAtPercentile(99), unit,
                h.getValueAtPercentile(99.9), unit, h.getMaxValue(), unit, h.getTotalCount(), added);
    }
}
