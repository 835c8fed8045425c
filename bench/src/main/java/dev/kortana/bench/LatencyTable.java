package dev.kortana.bench;

import java.util.Locale;
import org.HdrHistogram.AbstractHistogram;

/** Prints HdrHistograms recorded in microseconds as rows of a Markdown table in milliseconds. */
final class LatencyTable {

    private final StringBuilder out = new StringBuilder();

    LatencyTable() {
        out.append("| metric | count | p50 ms | p90 ms | p99 ms | max ms | mean ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    }

    LatencyTable row(String metric, AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            out.append("| ").append(metric).append(" | 0 | - | - | - | - | - |\n");
            return this;
        }
        out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", metric, micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()), ms(micros.getMean())));
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
