package dev.kortana.processors.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code rate-limits} section: {@code tenant}, {@code tool} and {@code model} maps of token buckets. */
final class RateLimitsReader {

    static final List<String> FIELDS = List.of("tenant", "tool", "model");
    static final List<String> BUCKET_FIELDS = List.of("capacity", "per-second");

    private RateLimitsReader() {}

    static RateLimits read(MappingReader section) {
        section.allowOnly(FIELDS);
        return new RateLimits(buckets(section.mapping("tenant")), buckets(section.mapping("tool")),
                buckets(section.mapping("model")));
    }

    private static Map<String, RateLimit> buckets(MappingReader byName) {
        Map<String, RateLimit> out = new LinkedHashMap<>();
        if (byName == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> entry : byName.entries()) {
            if (!entry.getValue().isObject()) {
                byName.report(entry.getKey(), "has no bucket", "write it like " + entry.getKey()
                        + ": { capacity: 10, per-second: 1 }");
                continue;
            }
            MappingReader bucket = byName.mapping(entry.getKey());
            bucket.allowOnly(BUCKET_FIELDS);
            Double capacity = bucket.positive("capacity", "10 (the burst)");
            Double perSecond = bucket.positive("per-second", "0.5 (the sustained rate; to block, use a DENY rule)");
            for (String field : BUCKET_FIELDS) {
                if (!bucket.has(field)) {
                    bucket.report(field, "is missing", "give both capacity (the burst) and per-second (the refill rate)");
                }
            }
            if (capacity != null && capacity < 1) {
                bucket.report("capacity", "is " + capacity + ", but a call takes a whole token",
                        "use 1 or more; for fewer calls over time lower per-second");
                capacity = null;
            }
            if (capacity != null && perSecond != null) {
                out.put(entry.getKey(), new RateLimit(capacity, perSecond));
            }
        }
        return out;
    }
}
