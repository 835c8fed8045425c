package dev.kortana.processors.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code http.request}: one HTTP call to an allow-listed host. Redirects are not followed (a redirect could lead off
 * the allowlist); responses are cut at a size limit; 429 and 5xx are retried, other 4xx fail the step.
 */
public class HttpRequestTool implements Tool {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    private static final ExecutorService BODY_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-tool-body");
        t.setDaemon(true);
        return t;
    });

    private final HostAllowlist allowlist;
    private final HttpClient client;
    private final Duration timeout;
    private final int maxResponseBytes;

    public HttpRequestTool(HostAllowlist allowlist, Duration timeout, int maxResponseBytes) {
        this.allowlist = allowlist;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
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
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", "kortana/0.1")
                .header("X-Kortana-Task", call.taskId())
                .method(method, publisher)
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes = readWithin(response.body(), deadline, uri);
        boolean truncated = bytes.length > maxResponseBytes;
        String text = new String(bytes, 0, Math.min(bytes.length, maxResponseBytes), StandardCharsets.UTF_8);
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new TransientToolFailure("HTTP " + status + " from " + uri.getHost());
        }
        if (status >= 400) {
            throw new ToolFailure("HTTP " + status + " from " + uri + ": " + abbreviate(text));
        }
        ObjectNode output = Json.MAPPER.createObjectNode();
        output.put("status", status);
        output.put("url", uri.toString());
        response.headers().firstValue("content-type").ifPresent(ct -> output.put("contentType", ct));
        response.headers().firstValue("location").ifPresent(loc -> output.put("location", loc));
        output.put("truncated", truncated);
        output.put("text", text);
        return new ToolResult(output, null);
    }

    /** The request timeout covers the headers only; a slow body must not hold a worker forever either. */
    private byte[] readWithin(InputStream body, long deadline, URI uri) throws IOException, InterruptedException {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (body) {
                return body.readNBytes(maxResponseBytes + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, BODY_READERS);
        try {
            return read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            body.close(); // aborts the read and the connection
            throw new TransientToolFailure("response body from " + uri.getHost() + " not complete within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
