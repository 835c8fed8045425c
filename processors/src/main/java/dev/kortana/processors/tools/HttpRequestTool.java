package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.model.WireProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code http.request}: one HTTP call to an allow-listed host, for every registration of kind {@code http}. Before each
 * request the host name is checked against the allowlist and its addresses by {@link OutboundAddressCheck}. The client
 * never follows redirects itself: GET and HEAD follow up to {@value #MAX_REDIRECTS} of them here, each hop checked like
 * the first; other methods return the 3xx. Responses are cut at a size limit. The whole call, hops and body included,
 * has one deadline: the registration's {@code timeout-ms}, else the constructor's timeout. The call's idempotency key
 * goes out as {@code Idempotency-Key}. 429 and 5xx are {@link TransientToolFailure}s (only 429, 503 and a failed
 * connect are marked not delivered; those and 502/504 mark the tool unavailable, with its {@code Retry-After}), other
 * 4xx fail the step.
 */
public class HttpRequestTool implements Tool {

    static final int MAX_REDIRECTS = 3;

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HostAllowlist allowlist;
    private final OutboundAddressCheck addresses;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final ResponseBodyReader bodies;

    public HttpRequestTool(HostAllowlist allowlist, Duration timeout, int maxResponseBytes) {
        this(allowlist, HostResolver.SYSTEM, timeout, maxResponseBytes);
    }

    /** With another resolver for the address check (tests); the client still connects through the JVM's own. */
    public HttpRequestTool(HostAllowlist allowlist, HostResolver resolver, Duration timeout, int maxResponseBytes) {
        this.allowlist = allowlist;
        this.addresses = new OutboundAddressCheck(allowlist, resolver);
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.bodies = new ResponseBodyReader(maxResponseBytes);
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "http.request";
    }

    @Override
    public ToolResult invoke(ToolCall call) throws IOException, InterruptedException {
        URI uri = HostAllowlist.httpUri(call.text("url"));
        if (!allowlist.allows(uri)) {
            throw new ToolFailure("host " + uri.getHost() + ":" + HostAllowlist.port(uri) + " is not on kortana.tools.http.allowed-hosts");
        }
        String method = String.valueOf(call.args().getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ToolFailure("method '" + method + "' is not one of " + METHODS);
        }
        Object body = call.args().get("body");
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.MAPPER.writeValueAsString(body));
        // kortana.tools.http.timeout-ms caps every HTTP tool; a registration may ask for less.
        Duration budget = call.spec() == null ? timeout : Duration.ofMillis(Math.min(call.spec().timeoutMs(), timeout.toMillis()));
        long deadline = System.nanoTime() + budget.toNanos();
        addresses.check(uri);
        Attempt attempt = new Attempt(call, uri, method, deadline, budget, new ArrayList<>());
        HttpResponse<InputStream> response = send(attempt, uri, publisher);
        Optional<String> location = response.headers().firstValue("location");
        while ((method.equals("GET") || method.equals("HEAD")) && REDIRECTS.contains(response.statusCode()) && location.isPresent()) {
            response.body().close(); // a redirect's body is never read
            if (attempt.redirects.size() == MAX_REDIRECTS) {
                throw new ToolFailure("more than " + MAX_REDIRECTS + " redirects from " + attempt.requested);
            }
            URI next = redirectTarget(uri, location.get());
            // 307 and 308 repeat the request as it was; the others turn into a plain fetch of the new location.
            boolean keepBody = response.statusCode() == 307 || response.statusCode() == 308;
            attempt.redirects.add(next);
            uri = next;
            response = send(attempt, uri, keepBody ? publisher : HttpRequest.BodyPublishers.noBody());
            location = response.headers().firstValue("location");
        }
        return result(attempt, uri, response);
    }

    private ToolResult result(Attempt attempt, URI uri, HttpResponse<InputStream> response) throws InterruptedException {
        byte[] bytes = bodies.read(response.body(), attempt.deadline, attempt.budget, uri.getHost());
        boolean truncated = bytes.length > maxResponseBytes;
        String text = new String(bytes, 0, Math.min(bytes.length, maxResponseBytes), StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status == 429 || status == 503) {
            // The server says it did not act; after a redirect an earlier hop did receive the call, though.
            throw TransientToolFailure.unavailable("HTTP " + status + " from " + uri.getHost(), attempt.redirects.isEmpty(),
                    WireProtocol.parseRetryAfter(response.headers().firstValue("retry-after").orElse(null)), null);
        }
        if (status == 502 || status == 504) {
            // A gateway could not reach the tool, or gave up waiting: it may have passed the call on.
            throw TransientToolFailure.unavailable("HTTP " + status + " from " + uri.getHost(), false, null, null);
        }
        if (status >= 500) {
            throw new TransientToolFailure("HTTP " + status + " from " + uri.getHost());
        }
        if (status >= 400) {
            throw new ToolFailure("HTTP " + status + " from " + uri + ": " + abbreviate(text), status);
        }
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.put("status", status);
        output.put("url", attempt.requested.toString());
        ArrayNode redirects = output.putArray("redirects");
        attempt.redirects.forEach(hop -> redirects.add(hop.toString()));
        response.headers().firstValue("content-type").ifPresent(ct -> output.put("contentType", ct));
        response.headers().firstValue("location").ifPresent(loc -> output.put("location", loc));
        output.put("truncated", truncated);
        output.put("text", text);
        return new ToolResult(output, null);
    }

    /** Where a redirect leads, refused unless the new host passes the same checks as the first. */
    private URI redirectTarget(URI from, String location) {
        URI next;
        try {
            next = HostAllowlist.httpUri(from.resolve(location.trim()).toString());
        } catch (IllegalArgumentException | ToolFailure e) {
            throw new ToolFailure("redirect from " + from.getHost() + " to '" + location + "' refused: " + e.getMessage());
        }
        if (!allowlist.allows(next)) {
            throw new ToolFailure("redirect from " + from.getHost() + " to " + next.getHost() + ":" + HostAllowlist.port(next)
                    + " refused: not on kortana.tools.http.allowed-hosts");
        }
        try {
            addresses.check(next);
        } catch (ToolFailure e) {
            throw new ToolFailure("redirect from " + from.getHost() + " refused: " + e.getMessage());
        }
        return next;
    }

    private HttpResponse<InputStream> send(Attempt attempt, URI uri, HttpRequest.BodyPublisher body) throws InterruptedException {
        boolean first = attempt.redirects.isEmpty();
        long left = attempt.deadline - System.nanoTime();
        if (left <= 0) {
            throw new TransientToolFailure("no response from " + uri.getHost() + " within " + attempt.budget.toMillis() + " ms", first);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(left))
                .header("User-Agent", "kortana/0.1")
                .header("X-Kortana-Task", attempt.call.taskId())
                .method(attempt.method, body);
        if (attempt.call.idempotencyKey() != null) {
            request.header("Idempotency-Key", attempt.call.idempotencyKey());
        }
        // The tool call's span goes on with the request, so the target's spans join the task's trace.
        dev.kortana.processors.observe.TaskTraces.inject(request::header);
        String target = uri.getHost() + ":" + HostAllowlist.port(uri);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // Nothing reached this hop; only a first hop means nothing reached anyone.
            String message = "cannot connect to " + target + ": " + e;
            throw first ? TransientToolFailure.unavailable(message, true, null, e) : new TransientToolFailure(message, false, e);
        } catch (HttpTimeoutException e) {
            throw new TransientToolFailure("no response from " + target + " within " + attempt.budget.toMillis() + " ms", false, e);
        } catch (IOException e) {
            throw new TransientToolFailure("HTTP call to " + target + " failed, outcome unknown: " + e, false, e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** One call's state across its hops. */
    private record Attempt(ToolCall call, URI requested, String method, long deadline, Duration budget, List<URI> redirects) {
    }
}
