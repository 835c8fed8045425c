package dev.kortana.processors.observe;

import dev.kortana.processors.store.HeartbeatStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's heartbeat and the cluster's alerts. Each beat asks every component of this instance how it is,
 * writes the answers to the shared {@code heartbeats} table, and then reads the whole cluster's: a component that says
 * failing, or one whose instance stopped beating (no beat for three intervals), is an open alert, logged once when it
 * opens and once when it clears. A beat that cannot be written means the database is away from here: readiness says so.
 */
public class Heartbeats {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    /** An open alert: which instance and component, and why. */
    public record Alert(String node, String component, String problem) {

        String key() {
            return node + "/" + component;
        }
    }

    /** An alert that opened or cleared on this instance's view, as a record for {@code kortana.alerts}. */
    public record AlertChange(String key, String json) {}

    private static final int MAX_CHANGES = 1000;

    private final java.util.Deque<AlertChange> changes = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final HeartbeatStore store;
    private final String node;
    private final Duration interval;
    private final Supplier<List<HeartbeatStore.Beat>> components;
    private final Duration forgetAfter;
    private final Map<String, Alert> open = new ConcurrentHashMap<>();
    private volatile boolean databaseOk = true;
    private volatile String databaseProblem;
    private volatile long beats;

    /**
     * @param components  the states of this instance's components, asked at every beat
     * @param forgetAfter how long an instance that stopped beating stays in the table (and an alert) before it goes
     */
    public Heartbeats(HeartbeatStore store, String node, Duration interval, Duration forgetAfter,
            Supplier<List<HeartbeatStore.Beat>> components) {
        this.store = store;
        this.node = node;
        this.interval = interval;
        this.forgetAfter = forgetAfter;
        this.components = components;
    }

    /** On a graceful stop: this instance's rows go, so its absence is not an alert. */
    public void leave() {
        try {
            store.forgetNode(node);
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat rows of {} stay after this stop (the database is away); they go after {}: {}", node, forgetAfter,
                    e.toString());
        }
    }

    /** One beat: write this instance's states, read the cluster's, open and clear alerts. */
    public void beat() {
        List<HeartbeatStore.Beat> states = new ArrayList<>(components.get());
        states.add(new HeartbeatStore.Beat("database", true, null));
        List<HeartbeatStore.Row> rows;
        try {
            store.beat(node, states);
            if (++beats % 12 == 1) {
                store.forgetSilent(forgetAfter); // an instance gone that long is no longer news (a restart has a new id)
            }
            rows = store.all();
        } catch (RuntimeException e) {
            if (databaseOk) {
                LOG.warn("Alert: {}/database is failing: the heartbeat cannot be written ({}); readiness is down until it can",
                        node, e.toString());
            }
            databaseOk = false;
            databaseProblem = e.getMessage();
            Alert alert = new Alert(node, "database", "the heartbeat cannot be written: " + e.getMessage());
            if (open.putIfAbsent(alert.key(), alert) == null) {
                changed(alert, true);
            }
            return;
        }
        databaseOk = true;
        databaseProblem = null;
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (HeartbeatStore.Row row : rows) {
            String problem = !row.ok() ? (row.detail() == null ? "failing" : row.detail())
                    : row.age().compareTo(interval.multipliedBy(3)) > 0 ? "no heartbeat for " + row.age().toSeconds() + " s" : null;
            Alert alert = new Alert(row.node(), row.component(), problem);
            if (problem != null) {
                seen.add(alert.key());
                if (open.put(alert.key(), alert) == null) { // the text stays current ("no heartbeat for 40 s")
                    LOG.warn("Alert: {}/{} is failing: {}", row.node(), row.component(), problem);
                    changed(alert, true);
                }
            }
        }
        open.values().removeIf(alert -> {
            if (seen.contains(alert.key())) {
                return false;
            }
            LOG.info("Alert cleared: {} is back", alert.key());
            changed(alert, false);
            return true;
        });
    }

    /** The alerts opened and cleared since the last call, oldest first (at most the last thousand are kept). */
    public List<AlertChange> drainChanges() {
        List<AlertChange> drained = new ArrayList<>();
        for (AlertChange c; (c = changes.poll()) != null; ) {
            drained.add(c);
        }
        return drained;
    }

    private void changed(Alert alert, boolean opened) {
        var json = dev.kortana.contracts.Json.MAPPER.createObjectNode();
        json.put("node", alert.node()).put("component", alert.component()).put("state", opened ? "open" : "cleared")
                .put("problem", alert.problem()).put("seenBy", node).put("at", java.time.Instant.now().toString());
        changes.add(new AlertChange(alert.key(), json.toString()));
        while (changes.size() > MAX_CHANGES) {
            changes.poll();
        }
    }

    /** Whether this instance's last beat reached the database. */
    public boolean databaseOk() {
        return databaseOk;
    }

    /** Why the last beat did not reach the database, or null. */
    public String databaseProblem() {
        return databaseProblem;
    }

    /** The open alerts, by instance and component. */
    public List<Alert> alerts() {
        return open.values().stream().sorted(java.util.Comparator.comparing(Alert::key)).toList();
    }

    /** Every component of every instance, as the table has them (empty while the database is away). */
    public List<HeartbeatStore.Row> cluster() {
        return store.all();
    }

    public String node() {
        return node;
    }

    public Duration interval() {
        return interval;
    }
}
