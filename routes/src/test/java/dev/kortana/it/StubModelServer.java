package dev.kortana.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kortana.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that answers like an LLM provider, so integration tests exercise the
 * actual HTTP clients, timeouts and error handling instead of a mock.
 *
 * <p>It speaks three wire formats, chosen by path: OpenAI-compatible ({@code POST /v1/chat/completions}),
 * Anthropic Messages ({@code POST /v1/messages}) and Ollama's native chat ({@code POST /api/chat},
 * non-streaming). Every request is recorded and counted first; then the configured latency is applied;
 * then routing, JSON, API-key and (Anthropic) version checks; then queued faults ({@link #failNext}),
 * then {@link #failAlways}, else a successful answer. Faults are therefore only spent on requests that
 * would otherwise have succeeded.
 *
 * <p>All settings may be changed while requests are in flight; the server is safe to hit from many threads.
 */
public final class StubModelServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK and
        // every answer takes ~40 ms, which would swamp any latency measured against this stub.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String OPENAI_PATH = "/v1/chat/completions";
    private static final String ANTHROPIC_PATH = "/v1/messages";
    private static final String OLLAMA_PATH = "/api/chat";
    private static final String MALFORMED_BODY = "{\"choices\": [ {oops";

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    /** Released by {@link #close()}: requests held for latency or a hang stop waiting. */
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicLong ids = new AtomicLong();

    // Both guarded by their own monitor: a list copy or a fault hand-out must see a consistent state.
    private final List<Call> received = new ArrayList<>();
    private final Deque<Fault> queuedFaults = new ArrayDeque<>();
    private final List<Served> served = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile Function<Call, String> reply;
    private volatile Usage usage = new Usage(100, 20);
    private volatile long latencyMs;
    private volatile String apiKey;
    private volatile Fault alwaysFault;

    /** Read together, so a concurrent {@link #usage} change never yields a mix of old and new numbers. */
    private record Usage(long input, long output) {}

    private StubModelServer(String name) throws IOException {
        this.name = name;
        this.reply = call -> "stub answer from " + name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Unbounded and daemon: a hung request must never hold up the others, nor keep the test JVM alive.
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "stub-model-" + name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server on a free loopback port; {@code name} appears in default answers and in {@link #toString()}. */
    public static StubModelServer start(String name) {
        try {
            return new StubModelServer(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start stub model server " + name, e);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The OpenAI-style base URL: clients POST to {@code {endpoint}/chat/completions}. */
    public String openAiEndpoint() {
        return baseUrl() + "/v1";
    }

    /** The Anthropic base URL: clients POST to {@code {endpoint}/v1/messages}. */
    public String anthropicEndpoint() {
        return baseUrl();
    }

    /** The Ollama base URL: clients POST to {@code {endpoint}/api/chat}. */
    public String ollamaEndpoint() {
        return baseUrl();
    }

    /** Sets the text of successful answers, computed from the call; the default is "stub answer from NAME". */
    public StubModelServer reply(Function<Call, String> text) {
        this.reply = text;
        return this;
    }

    /** Sets the token usage reported on success; the default is 100 in, 20 out. */
    public StubModelServer usage(long inputTokens, long outputTokens) {
        this.usage = new Usage(inputTokens, outputTokens);
        return this;
    }

    /** Delays every answer (errors included) by {@code ms}; the default is 0. */
    public StubModelServer latencyMs(long ms) {
        this.latencyMs = ms;
        return this;
    }

    /**
     * Requires an API key: {@code Authorization: Bearer KEY} for OpenAI and Ollama, {@code x-api-key: KEY}
     * for Anthropic; otherwise a 401 in that provider's error format. {@code null} turns the check off.
     */
    public StubModelServer requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** The next {@code times} calls get {@code fault}, after any faults already queued; then normal answers again. */
    public StubModelServer failNext(int times, Fault fault) {
        synchronized (queuedFaults) {
            for (int i = 0; i < times; i++) {
                queuedFaults.addLast(fault);
            }
        }
        return this;
    }

    /** Every call gets {@code fault} (after any queued ones) until {@link #healthy()}. */
    public StubModelServer failAlways(Fault fault) {
        this.alwaysFault = fault;
        return this;
    }

    /** Clears {@link #failAlways} and any queued faults. */
    public StubModelServer healthy() {
        synchronized (queuedFaults) {
            queuedFaults.clear();
            alwaysFault = null;
        }
        return this;
    }

    /** The number of requests received since start or {@link #resetCounts()}, on any path, failed ones included. */
    public int calls() {
        synchronized (received) {
            return received.size();
        }
    }

    /** A copy of every request received since start or {@link #resetCounts()}, in arrival order. */
    public List<Call> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Every fault served so far, with the call it answered, in order. */
    public List<Served> served() {
        return List.copyOf(served);
    }

    /** How many queued faults ({@link #failNext}) have not been served yet. */
    public int pendingFaults() {
        synchronized (queuedFaults) {
            return queuedFaults.size();
        }
    }

    /** Forgets the requests received so far; settings and faults stay as they are. */
    public void resetCounts() {
        synchronized (received) {
            received.clear();
        }
    }

    /** Stops at once; requests still held (latency, hang) are released and get no answer. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "StubModelServer[" + name + " at " + baseUrl() + "]";
    }

    // ---------------------------------------------------------------- request handling

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = parseOrNull(raw);
            Call call = new Call(path, lowerCaseHeaders(exchange),
                    body == null ? MissingNode.getInstance() : body, Instant.now());
            synchronized (received) {
                received.add(call);
            }
            if (!pause(latencyMs)) {
                return;
            }
            answer(exchange, call, body);
        } catch (IOException | RuntimeException e) {
            // The client sees a dropped connection; nothing more useful can be done from inside a test server.
        } finally {
            exchange.close();
        }
    }

    private void answer(HttpExchange exchange, Call call, JsonNode body) throws IOException {
        Provider provider = Provider.of(exchange.getRequestMethod(), call.path());
        if (provider == null) {
            sendError(exchange, Provider.OPENAI, 404, "invalid_request_error", "not_found_error",
                    "no such endpoint: " + exchange.getRequestMethod() + " " + call.path());
            return;
        }
        if (body == null) {
            sendError(exchange, provider, 400, "invalid_request_error", "invalid_request_error",
                    "request body is not JSON");
            return;
        }
        String key = apiKey;
        if (key != null && !key.equals(provider.presentedKey(call.headers()))) {
            sendError(exchange, provider, 401, "invalid_request_error", "authentication_error", "invalid api key");
            return;
        }
        if (provider == Provider.ANTHROPIC && !call.headers().containsKey("anthropic-version")) {
            sendError(exchange, provider, 400, "invalid_request_error", "invalid_request_error",
                    "anthropic-version: header is required");
            return;
        }
        Fault fault = nextFault();
        if (fault != null) {
            served.add(new Served(fault, call));
        }
        if (fault instanceof Fault.Status status) {
            sendError(exchange, provider, status.code(), "server_error", "api_error", "stub status " + status.code());
        } else if (fault instanceof Fault.Empty) {
            send(exchange, 200, bytes(success(provider, call, "", usage)));
        } else if (fault instanceof Fault.Echo) {
            send(exchange, 200, bytes(success(provider, call, call.lastUserText(), usage)));
        } else if (fault instanceof Fault.ZeroUsage) {
            send(exchange, 200, bytes(success(provider, call, reply.apply(call), new Usage(0, 0))));
        } else if (fault instanceof Fault.ServerError) {
            sendError(exchange, provider, 500, "server_error", "api_error", "stub failure");
        } else if (fault instanceof Fault.RateLimited limited) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(limited.retryAfterSeconds()));
            sendError(exchange, provider, 429, "rate_limit_exceeded", "rate_limit_error", "stub rate limit");
        } else if (fault instanceof Fault.MalformedJson) {
            send(exchange, 200, MALFORMED_BODY.getBytes(StandardCharsets.UTF_8));
        } else if (fault instanceof Fault.Truncated) {
            sendTruncated(exchange, bytes(success(provider, call)));
        } else if (fault instanceof Fault.Hang hang) {
            if (pause(hang.ms())) {
                send(exchange, 200, bytes(success(provider, call)));
            }
        } else {
            send(exchange, 200, bytes(success(provider, call)));
        }
    }

    private Fault nextFault() {
        synchronized (queuedFaults) {
            Fault queued = queuedFaults.pollFirst();
            return queued != null ? queued : alwaysFault;
        }
    }

    private ObjectNode success(Provider provider, Call call) {
        return success(provider, call, reply.apply(call), usage);
    }

    private ObjectNode success(Provider provider, Call call, String text, Usage used) {
        long id = ids.incrementAndGet();
        ObjectNode root = Json.MAPPER.createObjectNode();
        switch (provider) {
            case OPENAI -> {
                root.put("id", "chatcmpl-" + id).put("object", "chat.completion")
                        .put("created", Instant.now().getEpochSecond()).put("model", call.model());
                ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
                choice.putObject("message").put("role", "assistant").put("content", text);
                choice.put("finish_reason", "stop");
                root.putObject("usage").put("prompt_tokens", used.input()).put("completion_tokens", used.output())
                        .put("total_tokens", used.input() + used.output());
            }
            case ANTHROPIC -> {
                root.put("id", "msg_" + id).put("type", "message").put("role", "assistant").put("model", call.model());
                root.putArray("content").addObject().put("type", "text").put("text", text);
                root.put("stop_reason", "end_turn");
                root.putObject("usage").put("input_tokens", used.input()).put("output_tokens", used.output());
            }
            case OLLAMA -> {
                root.put("model", call.model()).put("created_at", Instant.now().toString());
                root.putObject("message").put("role", "assistant").put("content", text);
                root.put("done", true).put("prompt_eval_count", used.input()).put("eval_count", used.output());
            }
        }
        return root;
    }

    private static void sendError(HttpExchange exchange, Provider provider, int status,
                                  String openAiType, String anthropicType, String message) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (provider == Provider.ANTHROPIC) {
            root.put("type", "error");
            root.putObject("error").put("type", anthropicType).put("message", message);
        } else {
            root.putObject("error").put("message", message).put("type", openAiType);
        }
        send(exchange, status, bytes(root));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Promises the whole body in Content-Length but writes only half. Closing the exchange short of the promise
     * makes the JDK server drop the connection, so the client sees a premature end of body.
     */
    private static void sendTruncated(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
    }

    /**
     * Holds a request for its latency or hang; false when {@link #close()} ends the wait early, so the request is
     * abandoned at once instead of keeping a thread busy after the test.
     */
    private boolean pause(long ms) {
        if (ms <= 0) {
            return true;
        }
        try {
            return !closed.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode parseOrNull(byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((header, values) ->
                headers.merge(header.toLowerCase(Locale.ROOT), String.join(",", values), (a, b) -> a + "," + b));
        return Map.copyOf(headers);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The three wire formats, chosen by method and path. */
    private enum Provider {
        OPENAI, ANTHROPIC, OLLAMA;

        static Provider of(String method, String path) {
            if (!"POST".equals(method)) {
                return null;
            }
            return switch (path) {
                case OPENAI_PATH -> OPENAI;
                case ANTHROPIC_PATH -> ANTHROPIC;
                case OLLAMA_PATH -> OLLAMA;
                default -> null;
            };
        }

        /** The key the client sent, where this provider expects it. */
        String presentedKey(Map<String, String> headers) {
            if (this == ANTHROPIC) {
                return headers.get("x-api-key");
            }
            String authorization = headers.getOrDefault("authorization", "");
            return authorization.startsWith("Bearer ") ? authorization.substring("Bearer ".length()) : null;
        }
    }

    // ---------------------------------------------------------------- public types

    /**
     * One request as received.
     *
     * @param path    the request path, e.g. {@code /v1/messages}
     * @param headers request headers with lower-case names (repeated headers joined by commas)
     * @param body    the JSON body, or a missing node when the body was empty or not JSON
     * @param at      when the request arrived
     */
    /** A fault and the call it was served to. */
    public record Served(Fault fault, Call call) {}

    public record Call(String path, Map<String, String> headers, JsonNode body, Instant at) {

        /** The requested model, or "" when none was given. */
        public String model() {
            return body.path("model").asText();
        }

        /**
         * The text of the last message with role "user", or "" when there is none. Content may be a string
         * (OpenAI, Ollama, Anthropic) or a list of blocks, whose "text" parts are joined by newlines.
         */
        public String lastUserText() {
            JsonNode messages = body.path("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                JsonNode message = messages.get(i);
                if ("user".equals(message.path("role").asText())) {
                    return text(message.path("content"));
                }
            }
            return "";
        }

        private static String text(JsonNode content) {
            if (!content.isArray()) {
                return content.asText();
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode block : content) {
                if ("text".equals(block.path("type").asText())) {
                    parts.add(block.path("text").asText());
                }
            }
            return String.join("\n", parts);
        }
    }

    /** What goes wrong with a call, instead of a normal answer. */
    public sealed interface Fault {

        /** 500 with the provider's error body ("server_error"; Anthropic "api_error"). */
        static Fault serverError() {
            return new ServerError();
        }

        /** 429 with {@code Retry-After: N} and the provider's error body. */
        static Fault rateLimited(int retryAfterSeconds) {
            return new RateLimited(retryAfterSeconds);
        }

        /** Waits {@code ms}, then answers normally: a client with a shorter timeout sees a timeout. */
        static Fault hang(long ms) {
            return new Hang(ms);
        }

        /** 200, application/json, but a body that is not JSON. */
        static Fault malformedJson() {
            return new MalformedJson();
        }

        /** 200 with a Content-Length larger than the bytes sent, then the connection is dropped. */
        static Fault truncated() {
            return new Truncated();
        }

        /** The status {@code code} (e.g. 401, 502, 503) with the provider's error body. */
        static Fault status(int code) {
            return new Status(code);
        }

        /** 200 with the usual body, but an empty answer text. */
        static Fault empty() {
            return new Empty();
        }

        /** 200 whose answer is the prompt's user message repeated back (an echo server behind a gateway). */
        static Fault echo() {
            return new Echo();
        }

        /** 200 with a real answer but usage reported as 0 tokens in and out. */
        static Fault zeroUsage() {
            return new ZeroUsage();
        }

        /** See {@link Fault#status(int)}. */
        record Status(int code) implements Fault {}

        /** See {@link Fault#empty()}. */
        record Empty() implements Fault {}

        /** See {@link Fault#echo()}. */
        record Echo() implements Fault {}

        /** See {@link Fault#zeroUsage()}. */
        record ZeroUsage() implements Fault {}

        /** See {@link Fault#serverError()}. */
        record ServerError() implements Fault {}

        /** See {@link Fault#rateLimited(int)}. */
        record RateLimited(int retryAfterSeconds) implements Fault {}

        /** See {@link Fault#hang(long)}. */
        record Hang(long ms) implements Fault {}

        /** See {@link Fault#malformedJson()}. */
        record MalformedJson() implements Fault {}

        /** See {@link Fault#truncated()}. */
        record Truncated() implements Fault {}
    }
}
