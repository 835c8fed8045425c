package dev.kortana.bench;

import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;

/** Times calls into a histogram (microseconds) and prints one row per path, with what it adds over another row. */
final class LatencyRows {

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

    static void print(String name, Histogram h, Histogram baseline, String addedLabel) {
        String added = baseline == null ? "" : String.format("   %s: p50 %+d us, p99 %+d us", addedLabel,
                h.getValueAtPercentile(50) - baseline.getValueAtPercentile(50),
                h.getValueAtPercentile(99) - baseline.getValueAtPercentile(99));
        System.out.printf("%-34s p50 %6d us   p90 %6d us   p99 %6d us   p99.9 %6d us   max %7d us   n=%d%s%n", name,
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount(), added);
    }
}
