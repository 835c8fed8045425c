package dev.kortana.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Timings as the server recorded them: each task's status events carry the database's clock_timestamp(), so these
 * numbers have no polling error. {@code sentToTerminal} compares the client's wall clock at POST with the database
 * clock, which is meaningful only when both run on one host. Read after the load has stopped, so as not to disturb it.
 */
final class ServerTimings {

    final ConcurrentHistogram sentToTerminal = new ConcurrentHistogram(3);
    final ConcurrentHistogram acceptedToTerminal = new ConcurrentHistogram(3);
    final ConcurrentHistogram queued = new ConcurrentHistogram(3);
    final ConcurrentHistogram planningToTerminal = new ConcurrentHistogram(3);
    private final LongAdder unreadable = new LongAdder();

    static ServerTimings read(TaskApiClient api, Map<String, Instant> sentAt, int threads) throws InterruptedException {
        ServerTimings timings = new ServerTimings();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        sentAt.forEach((id, sent) -> pool.execute(() -> timings.add(api, id, sent)));
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        return timings;
    }

    long unreadable() {
        return unreadable.sum();
    }

    private void add(TaskApiClient api, String taskId, Instant sent) {
        try {
            JsonNode events = api.events(taskId).map(body -> body.path("events")).orElse(null);
            Optional<Instant> accepted = statusAt(events, "ACCEPTED");
            Optional<Instant> planning = statusAt(events, "PLANNING");
            Optional<Instant> done = statusAt(events, "COMPLETED");
            if (accepted.isEmpty() || planning.isEmpty() || done.isEmpty()) {
                unreadable.increment();
                return;
            }
            sentToTerminal.recordValue(micros(sent, done.get()));
            acceptedToTerminal.recordValue(micros(accepted.get(), done.get()));
            queued.recordValue(micros(accepted.get(), planning.get()));
            planningToTerminal.recordValue(micros(planning.get(), done.get()));
        } catch (Exception e) {
            unreadable.increment();
        }
    }

    private static Optional<Instant> statusAt(JsonNode events, String status) {
        if (events == null) {
            return Optional.empty();
        }
        for (JsonNode event : events) {
            if ("status".equals(event.path("kind").asText()) && status.equals(event.path("name").asText())) {
                return Optional.of(Instant.parse(event.path("at").asText()));
            }
        }
        return Optional.empty();
    }

    private static long micros(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos() / 1000);
    }
}
