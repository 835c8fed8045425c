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

    public ToolHealth(Supplier<List<ToolSpec>> tools, HttpRequestTool http) {
        this.tools = tools;
        this.http = http;
    }

    public void checkAll() {
        Set<String> declared = new HashSet<>();
        for (ToolSpec spec : tools.get()) {
            if (spec.healthCheck() != null) {
                declared.add(spec.name());
                last.put(spec.name(), check(spec));
            }
        }
        last.keySet().retainAll(declared); // a tool removed, or its check, beats no more
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
            String why = String.valueOf(e.getMessage());
            // "HTTP 404 from <url>: <body>" says enough by its status; anything else loses the URL (it may hold a token).
            why = why.startsWith("HTTP ") && why.contains(" from ") ? why.substring(0, why.indexOf(" from "))
                    : why.replace(spec.healthCheck(), host);
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
