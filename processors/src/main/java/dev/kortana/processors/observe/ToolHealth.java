package dev.kortana.processors.observe;

import dev.kortana.processors.store.HeartbeatStore;
import dev.kortana.processors.tools.HttpRequestTool;
import dev.kortana.processors.tools.ToolCall;
import dev.kortana.processors.tools.ToolResult;
import dev.kortana.processors.tools.ToolSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The heartbeat of each tool that declares a {@code health-check} URL: a GET through the {@code http} tool (so through
 * the allowlist, the address check, its timeout and its redirect rules), well when it answers 2xx. Checked by a timer
 * ({@link #checkAll}), read by the heartbeat ({@link #beats}), so a slow tool never holds up a beat. A problem names the
 * URL's host, never the URL (it may carry a token).
 */
public final class ToolHealth {

    private final Supplier<List<ToolSpec>> tools;
    private final HttpRequestTool http;
    private final Map<String, HeartbeatStore.Beat> last = new ConcurrentHashMap<>();

    private final java.time.Duration passLimit;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "tool-health");
        t.setDaemon(true);
        return t;
    });

    /** @param passLimit how long one pass may take (a check not answered by then counts as failing) */
    public ToolHealth(Supplier<List<ToolSpec>> tools, HttpRequestTool http, java.time.Duration passLimit) {
        this.tools = tools;
        this.http = http;
        this.passLimit = passLimit;
    }

    /** Asks every declared check, a few at a time, so that tools that do not answer cannot stretch a pass. */
    public void checkAll() throws InterruptedException {
        List<ToolSpec> checked = tools.get().stream().filter(spec -> spec.healthCheck() != null).toList();
        List<java.util.concurrent.Callable<HeartbeatStore.Beat>> calls = checked.stream()
                .<java.util.concurrent.Callable<HeartbeatStore.Beat>>map(spec -> () -> check(spec)).toList();
        List<java.util.concurrent.Future<HeartbeatStore.Beat>> answers = pool.invokeAll(calls, passLimit.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < checked.size(); i++) {
            String name = checked.get(i).name();
            declared.add(name);
            java.util.concurrent.Future<HeartbeatStore.Beat> answer = answers.get(i);
            try {
                last.put(name, answer.get());
            } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
                last.put(name, new HeartbeatStore.Beat("tool-health:" + name, false, "its health check on "
                        + host(checked.get(i).healthCheck()) + " did not answer within " + passLimit.toSeconds() + " s"));
            }
        }
        last.keySet().retainAll(declared); // a tool removed, or its check, beats no more
    }

    /** Stops the checks' threads (at shutdown). */
    public void close() {
        pool.shutdownNow();
    }

    public List<HeartbeatStore.Beat> beats() {
        return new ArrayList<>(last.values());
    }

    private HeartbeatStore.Beat check(ToolSpec spec) {
        String component = "tool-health:" + spec.name();
        String host = host(spec.healthCheck());
        try {
            ToolResult answer = http.invoke(new ToolCall("health-check", null, 0, Map.of("method", "GET", "url", spec.healthCheck())));
            int status = answer.output().path("status").asInt();
            return status >= 200 && status < 300 ? new HeartbeatStore.Beat(component, true, null)
                    : new HeartbeatStore.Beat(component, false, "its health check on " + host + " answered " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HeartbeatStore.Beat(component, false, "its health check on " + host + " was interrupted");
        } catch (Exception e) {
            // "HTTP 404 from <url>: <body>" says enough by its status; anything else by its kind: a message may quote a
            // URL (a redirect's, with a token) or a body.
            String why = String.valueOf(e.getMessage());
            why = why.startsWith("HTTP ") && why.contains(" ") ? why.split(" ")[0] + " " + why.split(" ")[1].replace(":", "")
                    : e.getClass().getSimpleName();
            return new HeartbeatStore.Beat(component, false, "its health check on " + host + " failed: " + why);
        }
    }

    private static String host(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "its host";
        }
    }
}
