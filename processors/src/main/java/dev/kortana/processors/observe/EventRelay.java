package dev.kortana.processors.observe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.TaskStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Task events to Kafka ({@code kortana.events}), from every instance's work, sent by one instance at a time: the
 * instance holding the relay's lease ({@code event_relay}) reads the events after the last one sent (with the event
 * stream's one-second hold-back), the route sends them, and {@link #advance} moves the mark on. At least once: a crash
 * in between sends them again, with the same {@code kortana-seq} header. The first relay starts at the newest event.
 */
public class EventRelay {

    /** One record: key (the task id), the event number, and the event as JSON. */
    public record Record(String key, long seq, String json) {}

    /** What to send now, and the mark to move to once it is sent. */
    public record Batch(List<Record> records, long upTo) {

        public boolean isEmpty() {
            return records.isEmpty();
        }
    }

    private final Database db;
    private final TaskStore tasks;
    private final String node;
    private final Duration lease;
    private final int batch;

    public EventRelay(Database db, TaskStore tasks, String node, Duration lease, int batch) {
        this.db = db;
        this.tasks = tasks;
        this.node = node;
        this.lease = lease;
        this.batch = batch;
    }

    /** The next events to send, when this instance holds (or takes) the relay's lease; empty otherwise. */
    public Batch next() {
        Optional<Long> from = db.inTransaction(s -> {
            s.update("INSERT INTO event_relay (id, last_seq) SELECT 1, coalesce(max(seq), 0) FROM task_events"
                    + " ON CONFLICT (id) DO NOTHING");
            return s.queryOne("UPDATE event_relay SET owner = ?, lease_until = now() + make_interval(secs => ?) WHERE id = 1"
                    + " AND (owner IS NULL OR owner = ? OR lease_until < now()) RETURNING last_seq",
                    rs -> rs.getLong(1), node, lease.toMillis() / 1000.0, node);
        });
        if (from.isEmpty()) {
            return new Batch(List.of(), 0);
        }
        List<TaskStore.StreamedEvent> events = tasks.eventsAfter(from.get(), null, null, batch);
        List<Record> records = events.stream().map(e -> {
            ObjectNode data = Json.MAPPER.createObjectNode();
            data.put("seq", e.seq()).put("taskId", e.taskId()).put("tenant", e.tenant()).put("kind", e.kind())
                    .put("name", e.name()).put("status", e.status()).put("at", e.at().toString());
            if (e.detail() != null) {
                data.set("detail", e.detail());
            }
            return new Record(e.tenant() + "/" + e.taskId(), e.seq(), data.toString());
        }).toList();
        return new Batch(records, records.isEmpty() ? from.get() : records.get(records.size() - 1).seq());
    }

    /** Moves the mark to {@code upTo} once everything up to it is on the topic (only while this instance holds the lease). */
    public void advance(long upTo) {
        db.update("UPDATE event_relay SET last_seq = ? WHERE id = 1 AND owner = ? AND last_seq < ?", upTo, node, upTo);
    }
}
