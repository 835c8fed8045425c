package dev.kortana.bench;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds finished tasks by polling the list endpoint (newest tasks first, every status) from one thread, so that
 * detecting completion costs the server one query per poll instead of one GET per task in flight. A task counts as
 * finished at the moment the list answer that first shows it terminal arrived: the observed time is late by at most
 * one poll interval plus one list request.
 */
final class CompletionWatcher implements Runnable {

    enum Via { LIST, DIRECT_GET }

    /** When and how a task was seen in a terminal status; {@code observedNanos} is on the System.nanoTime clock. */
    record Completion(String status, long observedNanos, Via via) {
    }

    private final TaskApiClient api;
    private final int limit;
    private final long pollNanos;
    private final Map<String, CompletableFuture<Completion>> waiting = new ConcurrentHashMap<>();
    private final LongAdder polls = new LongAdder();
    private final LongAdder pollErrors = new LongAdder();
    private final LongAdder pollTimeNanos = new LongAdder();
    private volatile boolean running = true;

    CompletionWatcher(TaskApiClient api, int limit, long pollMs) {
        this.api = api;
        this.limit = limit;
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMs);
    }

    CompletableFuture<Completion> watch(String taskId) {
        return waiting.computeIfAbsent(taskId, id -> new CompletableFuture<>());
    }

    /** Records a completion found some other way (a client's direct GET); the first report wins. */
    void complete(String taskId, String status, long observedNanos, Via via) {
        CompletableFuture<Completion> future = waiting.remove(taskId);
        if (future != null) {
            future.complete(new Completion(status, observedNanos, via));
        }
    }

    void forget(String taskId) {
        waiting.remove(taskId);
    }

    void stop() {
        running = false;
    }

    long polls() {
        return polls.sum();
    }

    long pollErrors() {
        return pollErrors.sum();
    }

    double meanPollMillis() {
        long n = polls.sum();
        return n == 0 ? 0 : pollTimeNanos.sum() / 1e6 / n;
    }

    @Override
    public void run() {
        while (running) {
            long sent = System.nanoTime();
            if (!waiting.isEmpty()) {
                poll(sent);
            }
            long next = sent + pollNanos;
            for (long now = System.nanoTime(); running && now < next; now = System.nanoTime()) {
                LockSupport.parkNanos(next - now);
            }
        }
    }

    private void poll(long sent) {
        try {
            var recent = api.recent(limit);
            long received = System.nanoTime();
            polls.increment();
            pollTimeNanos.add(received - sent);
            for (var task : recent) {
                if (task.terminal()) {
                    complete(task.taskId(), task.status(), received, Via.LIST);
                }
            }
        } catch (IOException e) {
            pollErrors.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
