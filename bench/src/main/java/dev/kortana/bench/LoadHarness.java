package dev.kortana.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * End-to-end load harness for Kor'tana's task API (tasks sent over HTTP, or over Kafka with {@code --kafka}). C clients run a closed loop: each submits a task, waits
 * until it reaches a terminal status, then submits the next, so C tasks are in flight at any time (with
 * {@code --rate}, tasks start on a fixed schedule instead, at most C in flight). A warmup phase
 * runs first and is left out of every number. See bench/README.md.
 */
public final class LoadHarness {

    private final HarnessOptions options;
    private final TaskApiClient api;
    private final TaskSubmitter submitter;
    private final CompletionWatcher watcher;

    private LoadHarness(HarnessOptions options) {
        this.options = options;
        this.api = new TaskApiClient(options.url());
        this.submitter = options.kafka() == null ? api : new KafkaSubmitter(options.kafka());
        this.watcher = new CompletionWatcher(api, options.listLimit(), options.pollMs());
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (HarnessOptions.HelpRequested e) {
            System.out.print(HarnessOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("kortana-bench: " + e.getMessage());
            System.err.print(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new LoadHarness(options).run());
    }

    private int run() throws Exception {
        if (!api.ready()) {
            System.err.println("kortana-bench: " + options.url() + "/observe/health/ready does not answer 200; start Kor'tana first");
            return 1;
        }
        RunReport.header(options);
        Thread watcherThread = new Thread(watcher, "completion-watcher");
        watcherThread.setDaemon(true);
        watcherThread.start();
        try {
            if (options.warmup() > 0) {
                RunResults warm = phase(options.warmup());
                System.out.printf(Locale.ROOT, "warmup: %d tasks, outcomes %s%n", options.warmup(), warm.outcomes());
            }
            String loadBefore = CpuUsage.loadAverage();
            CpuUsage cpuBefore = CpuUsage.snapshot();
            ProcessCpu processesBefore = ProcessCpu.snapshot();
            long start = System.nanoTime();
            RunResults measured = phase(options.tasks());
            double seconds = (System.nanoTime() - start) / 1e9;
            String machine = String.format(Locale.ROOT, "load average before %s, after %s | cpu: %s%n"
                            + "cpu by process during the measured phase (%% of one cpu):%n%s",
                    loadBefore, CpuUsage.loadAverage(), CpuUsage.snapshot().since(cpuBefore),
                    ProcessCpu.snapshot().since(processesBefore, seconds));
            watcher.stop();
            ServerTimings server = options.events()
                    ? ServerTimings.read(api, measured.completedSentAt(), Math.min(options.concurrency(), 8))
                    : null;
            RunReport.results(options, measured, seconds, machine, watcher, server);
            return 0;
        } finally {
            watcher.stop();
            if (submitter instanceof KafkaSubmitter kafka) {
                kafka.close();
            }
        }
    }

    /** Runs {@code count} tasks through C closed-loop clients and returns once every one has an outcome. */
    private RunResults phase(int count) throws InterruptedException, ExecutionException {
        RunResults results = new RunResults();
        AtomicInteger tickets = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(options.concurrency());
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < options.concurrency(); c++) {
            running.add(clients.submit(() -> {
                for (int ticket = tickets.getAndIncrement(); ticket < count; ticket = tickets.getAndIncrement()) {
                    if (options.rate() > 0) {
                        // Task number n starts n / rate seconds after the phase began (or at once, when late).
                        long due = start + (long) (ticket * 1e9 / options.rate());
                        TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
                    }
                    runOne(results);
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        return results;
    }

    private static final java.util.concurrent.atomic.AtomicLong SUBMITTED = new java.util.concurrent.atomic.AtomicLong();

    private void runOne(RunResults results) throws InterruptedException {
        Instant sentAt = Instant.now();
        long start = System.nanoTime();
        TaskApiClient.Submission submission;
        try {
            // "{n}" in the goal becomes a number of its own for every task: goals that do not repeat.
            String goal = options.goal().replace("{n}", Long.toString(SUBMITTED.incrementAndGet()));
            submission = submitter.submit(goal, options.plan());
        } catch (IOException e) {
            results.count("ERROR_" + e.getClass().getSimpleName());
            return;
        }
        results.accepted((System.nanoTime() - start) / 1000);
        if (submission.statusCode() != 202 || submission.taskId() == null) {
            results.count("HTTP_" + submission.statusCode());
            return;
        }
        String id = submission.taskId();
        var completion = watcher.watch(id);
        long deadline = start + options.taskTimeout().toNanos();
        while (true) {
            try {
                var done = completion.get(options.fallbackMs(), TimeUnit.MILLISECONDS);
                results.finished(id, sentAt, done, (done.observedNanos() - start) / 1000);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    watcher.forget(id);
                    results.count("TIMEOUT");
                    return;
                }
                checkDirectly(id);
            } catch (ExecutionException e) {
                results.count("ERROR_" + e.getCause().getClass().getSimpleName());
                return;
            }
        }
    }

    /** For a task the list window no longer shows (it fell behind newer tasks): ask for it by id. */
    private void checkDirectly(String id) throws InterruptedException {
        try {
            api.status(id).filter(TaskApiClient.TERMINAL::contains)
                    .ifPresent(status -> watcher.complete(id, status, System.nanoTime(), CompletionWatcher.Via.DIRECT_GET));
        } catch (IOException e) {
            // the next wait retries
        }
    }
}
