package dev.kortana.bench;

import java.net.URI;
import java.time.Duration;

/**
 * Command-line options of the load harness.
 *
 * @param url         base URL of a running Kor'tana
 * @param tasks       measured tasks
 * @param concurrency clients, each with one task in flight (closed loop)
 * @param warmup      tasks run first and left out of every number
 * @param goal        goal text of every submitted task
 * @param pollMs      interval of the completion watcher's list poll
 * @param listLimit   tasks per list poll (newest first); tasks outside it are found by a direct GET
 * @param fallbackMs  wait before a client asks for its own task directly
 * @param taskTimeout longest wait for one task to reach a terminal status
 * @param events      after the run, read every measured task's events for server-side stage timings
 * @param rate        tasks started per second in all (0: none, each client starts its next task when one ends)
 * @param plan        a JSON array of steps sent as every task's plan (no planning model call); null: none
 * @param kafka       Kafka bootstrap servers to send tasks to (topic kortana.tasks) instead of POSTing them; null: HTTP
 */
public record HarnessOptions(URI url, int tasks, int concurrency, int warmup, String goal, long pollMs, int listLimit,
        long fallbackMs, Duration taskTimeout, boolean events, double rate, String plan, String kafka) {

    static final String USAGE = """
            usage: java -jar kortana-bench.jar [options]
              --url URL            Kor'tana base URL (default http://127.0.0.1:8080)
              --tasks N            measured tasks (default 2000)
              --concurrency C      clients, each keeping one task in flight (default 16)
              --warmup W           unmeasured tasks run first (default 200)
              --goal TEXT          goal of every task (default "Summarize the quarterly report"); {n} in it becomes
                                   a number of its own for each task, so that no two goals are the same
              --plan JSON          the plan of every task, a JSON array of steps (default: none, the task is planned)
              --poll-ms MS         completion watcher poll interval (default 20)
              --list-limit L       tasks per list poll, 1..500 (default max(64, 4*C), at most 500)
              --fallback-ms MS     a client GETs its own task after this long unseen (default 500)
              --task-timeout-s S   give up on one task after S seconds (default 120)
              --no-events          skip reading /events for server-side stage timings
              --rate R             start R tasks a second in all, on a fixed schedule (default: closed loop);
                                   C is then the most tasks in flight, so a slow server shows as latency, not as a
                                   lower rate, until C are waiting
              --kafka BROKERS      send each task to the topic kortana.tasks (acks=all; accepted = the broker's ack)
                                   instead of POST /api/tasks; completion is still watched over the HTTP API
            """;

    public HarnessOptions {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0 (0: closed loop)");
        }
        if (tasks < 1 || concurrency < 1 || warmup < 0 || pollMs < 1 || fallbackMs < 1) {
            throw new IllegalArgumentException("tasks, concurrency, poll-ms and fallback-ms must be >= 1, warmup >= 0");
        }
        if (listLimit < 1 || listLimit > 500) {
            throw new IllegalArgumentException("list-limit must be 1..500 (the API's maximum)");
        }
        if (goal == null || goal.isBlank()) {
            throw new IllegalArgumentException("goal must not be blank");
        }
    }

    static HarnessOptions parse(String[] args) {
        URI url = URI.create("http://127.0.0.1:8080");
        int tasks = 2000;
        int concurrency = 16;
        int warmup = 200;
        String goal = "Summarize the quarterly report";
        long pollMs = 20;
        Integer listLimit = null;
        long fallbackMs = 500;
        long timeoutS = 120;
        boolean events = true;
        double rate = 0;
        String plan = null;
        String kafka = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--url" -> url = URI.create(stripSlash(value(args, ++i, arg)));
                case "--tasks" -> tasks = Integer.parseInt(value(args, ++i, arg));
                case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i, arg));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg));
                case "--goal" -> goal = value(args, ++i, arg);
                case "--plan" -> plan = value(args, ++i, arg);
                case "--poll-ms" -> pollMs = Long.parseLong(value(args, ++i, arg));
                case "--list-limit" -> listLimit = Integer.parseInt(value(args, ++i, arg));
                case "--fallback-ms" -> fallbackMs = Long.parseLong(value(args, ++i, arg));
                case "--task-timeout-s" -> timeoutS = Long.parseLong(value(args, ++i, arg));
                case "--no-events" -> events = false;
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, arg));
                case "--kafka" -> kafka = value(args, ++i, arg);
                case "-h", "--help" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        int limit = listLimit != null ? listLimit : Math.min(500, Math.max(64, 4 * concurrency));
        return new HarnessOptions(url, tasks, concurrency, warmup, goal, pollMs, limit, fallbackMs,
                Duration.ofSeconds(timeoutS), events, rate, plan, kafka);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** --help: print usage and exit 0. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
