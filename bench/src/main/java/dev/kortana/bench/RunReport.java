package dev.kortana.bench;

import java.time.Instant;
import java.util.Locale;

/** What the harness prints: the set-up and method before the run, the numbers after it. */
final class RunReport {

    private RunReport() {
    }

    static void header(HarnessOptions options) {
        System.out.printf(Locale.ROOT, "kortana-bench %s%n", Instant.now());
        System.out.printf(Locale.ROOT, "target %s | tasks %d | concurrency %d (%s) | warmup %d | goal \"%s\"%n",
                options.url(), options.tasks(), options.concurrency(), options.rate() > 0
                        ? String.format(Locale.ROOT, "most in flight; %.1f tasks/s started on a schedule", options.rate())
                        : "closed loop", options.warmup(), options.goal());
        System.out.printf(Locale.ROOT, "client: %d cpus, java %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), CpuUsage.loadAverage());
        if (options.kafka() != null) {
            System.out.printf(Locale.ROOT, "channel: Kafka %s, topic kortana.tasks; accept = the record sent until the broker's"
                    + " ack (acks=all); end-to-end from the send%n", options.kafka());
        }
        System.out.printf(Locale.ROOT, """
                method: accept = POST /api/tasks until its 202 answer is read.
                        end-to-end = POST sent until the harness sees the task terminal: one watcher thread polls
                        GET /api/tasks?limit=%d every %d ms (newest tasks, all statuses) and stamps a task done when
                        the first list answer showing it terminal arrives (late by <= one poll + one list request);
                        a task unseen for %d ms is also checked with GET /api/tasks/{id}.
                        server-stamped = the task's status events' database timestamps (clock_timestamp()), read
                        after the run; "POST sent → COMPLETED event" compares the client's wall clock with the
                        database's, valid because both run on this host. No polling error in these rows.
                        throughput = COMPLETED tasks / wall time of the measured phase.
                """, options.listLimit(), options.pollMs(), options.fallbackMs());
    }

    /** {@code server} is null when --no-events was given. */
    static void results(HarnessOptions options, RunResults r, double seconds, String machine, CompletionWatcher watcher,
            ServerTimings server) {
        System.out.printf(Locale.ROOT, "%nmeasured: %d tasks in %.2f s | %s%n", options.tasks(), seconds, machine);
        System.out.printf(Locale.ROOT, "throughput: %.1f tasks/s completed (%.1f tasks/s reached a terminal status)%n",
                r.completed() / seconds, r.endToEnd.getTotalCount() / seconds);
        System.out.printf(Locale.ROOT, "outcomes: %s | not COMPLETED: %d%n", r.outcomes(), options.tasks() - r.completed());
        System.out.printf(Locale.ROOT, "completion seen via list poll: %d, via direct GET: %d | list polls %d (errors %d), mean %.1f ms each%n",
                r.detected(CompletionWatcher.Via.LIST), r.detected(CompletionWatcher.Via.DIRECT_GET),
                watcher.polls(), watcher.pollErrors(), watcher.meanPollMillis());
        LatencyTable table = new LatencyTable()
                .row(options.kafka() == null ? "accept (POST → 202)" : "accept (send → broker ack)", r.accept)
                .row(options.kafka() == null ? "end-to-end, client-observed (POST → seen terminal)"
                        : "end-to-end, client-observed (send → seen terminal)", r.endToEnd);
        if (server != null) {
            table.row("end-to-end, server-stamped (POST sent → COMPLETED event)", server.sentToTerminal)
                    .row("server: ACCEPTED → COMPLETED", server.acceptedToTerminal)
                    .row("server: ACCEPTED → PLANNING (queue wait)", server.queued)
                    .row("server: PLANNING → COMPLETED (stages)", server.planningToTerminal);
            if (server.unreadable() > 0) {
                System.out.printf(Locale.ROOT, "events unreadable for %d tasks%n", server.unreadable());
            }
        }
        System.out.println();
        System.out.print(table);
    }
}
