package dev.kortana.processors.maintenance;

import java.time.Instant;
import java.util.List;

/** Memory rows for the tests: only what a test names differs. */
final class Rows {

    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private Rows() {}

    static MemoryRow row(long id, String content, float quality, long createdSecond, float[] embedding) {
        return new MemoryRow(id, "acme", "t-" + id, "fact", content, quality, 0, null, T0.plusSeconds(createdSecond),
                T0.plusSeconds(createdSecond), List.of("t-" + id), List.of(), null, null, embedding, "m");
    }

    static float[] vector(float... values) {
        return values;
    }
}
