package dev.kortana.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP tool that counts what it does: every request, and every effect (an order placed). Replies follow a
 * script per path, then {@link Reply#OK}: an effect and 200. Used to prove that a non-idempotent tool takes effect
 * exactly once per planned step, whatever fails around it.
 * <ul>
 *   <li>Paths under {@code /keyed/} honour {@code Idempotency-Key} as Stripe does: a key that already placed an order
 *       gets that order's answer again, with no new effect.</li>
 *   <li>{@code GET /lookup?key=K} answers whether key K placed an order: {@code {"happened": true, "result": …}} or
 *       {@code {"happened": false}} (a reconcile check).</li>
 *   <li>{@link #down(boolean)} makes every other request a 503 (the tool is down), counted in {@link #requestsWhileDown()}.</li>
 * </ul>
 */
public final class CountingToolServer implements AutoCloseable {

    /** What the server does with the next request on a path. */
    public enum Reply {
        /** Places the order and answers 200. */
        OK,
        /** Answers 503 without placing anything. */
        UNAVAILABLE,
        /** Places the order, then answers 500: the caller cannot know it took effect. */
        EFFECT_THEN_500,
        /** Places the order, then holds the answer until {@link #release()} (the caller may be killed meanwhile). */
        EFFECT_THEN_HOLD,
        /** Places the order and answers 200 after {@link #SLOW_MILLIS}: a tool that takes its time. */
        SLOW,
        /** Answers 429 with {@code Retry-After: 1}, placing nothing. */
        RATE_LIMITED,
        /** Answers 502 (a gateway that could not reach the tool), placing nothing. */
        BAD_GATEWAY,
        /** Answers 504 (a gateway that gave up waiting), placing nothing. */
        GATEWAY_TIMEOUT
    }

    /** How long a {@link Reply#SLOW} answer takes. */
    public static final long SLOW_MILLIS = 4000;

    private volatile HttpServer server;
    private final int port;
    private final Map<String, Queue<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> effectNanos = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final List<String> traceParents = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> ordersByKey = new ConcurrentHashMap<>();
    private final AtomicInteger requestsWhileDown = new AtomicInteger();
    private volatile boolean down;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);

    public CountingToolServer() throws IOException {
        server = serve(0);
        port = server.getAddress().getPort();
    }

    private HttpServer serve(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", this::handle);
        http.start();
        return http;
    }

    /** Stops listening: calls are refused at connect, as for a tool whose process is gone. */
    public void stopListening() {
        server.stop(0);
    }

    /** Listens again on the same port, counts and scripts kept. */
    public void listenAgain() throws IOException {
        server = serve(port);
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next replies on {@code path}, in order. */
    public void script(String path, Reply... replies) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
    }

    public int effects(String path) {
        return effects.getOrDefault(path, new AtomicInteger()).get();
    }

    /** When each effect on {@code path} happened, as {@link System#nanoTime()} readings in order. */
    public List<Long> effectTimes(String path) {
        return List.copyOf(effectNanos.getOrDefault(path, List.of()));
    }

    public int requests() {
        return requests.get();
    }

    /** The W3C traceparent header of every request that had one, in order. */
    public List<String> traceParents() {
        return traceParents;
    }

    public List<String> idempotencyKeys() {
        return idempotencyKeys;
    }

    /** While down, every request but a lookup is answered 503 and counted. */
    public void down(boolean isDown) {
        down = isDown;
    }

    public int requestsWhileDown() {
        return requestsWhileDown.get();
    }

    /** Waits until a request is being held. */
    public boolean awaitHolding(long seconds) throws InterruptedException {
        return holding.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        held.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            idempotencyKeys.add(key);
        }
        String traceParent = exchange.getRequestHeaders().getFirst("traceparent");
        if (traceParent != null) {
            traceParents.add(traceParent);
        }
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/lookup")) {
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            Integer placed = ordersByKey.get(query.startsWith("key=") ? query.substring(4) : "");
            answer(exchange, 200, placed == null ? "{\"happened\":false}"
                    : "{\"happened\":true,\"result\":{\"order\":" + placed + ",\"text\":\"order " + placed + " (looked up)\"}}");
            return;
        }
        if (down) {
            requestsWhileDown.incrementAndGet();
            answer(exchange, 503, "{\"error\":\"down for maintenance\"}");
            return;
        }
        if (path.startsWith("/keyed/") && key != null && ordersByKey.containsKey(key)) {
            int order = ordersByKey.get(key); // the same key: the first call's answer, no second order
            answer(exchange, 200, "{\"order\":" + order + ",\"text\":\"order " + order + " placed\"}");
            return;
        }
        Reply reply = scripts.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
        reply = reply == null ? Reply.OK : reply;
        if (reply == Reply.UNAVAILABLE) {
            answer(exchange, 503, "{\"error\":\"try later\"}");
            return;
        }
        if (reply == Reply.RATE_LIMITED) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            answer(exchange, 429, "{\"error\":\"slow down\"}");
            return;
        }
        if (reply == Reply.BAD_GATEWAY || reply == Reply.GATEWAY_TIMEOUT) {
            answer(exchange, reply == Reply.BAD_GATEWAY ? 502 : 504, "{\"error\":\"upstream\"}");
            return;
        }
        int order;
        synchronized (this) { // the count and the time of one effect are recorded together
            order = effects.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            effectNanos.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            if (key != null) {
                ordersByKey.put(key, order);
            }
        }
        switch (reply) {
            case EFFECT_THEN_500 -> answer(exchange, 500, "{\"error\":\"lost the answer\"}");
            case EFFECT_THEN_HOLD -> {
                holding.countDown();
                try {
                    held.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200, "{\"order\":" + order + "}");
            }
            case SLOW -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(SLOW_MILLIS); // the tool's own latency, not a wait for the system under test
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200, "{\"order\":" + order + "}");
            }
            default -> answer(exchange, 200, "{\"order\":" + order + ",\"text\":\"order " + order + " placed\"}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) {
        try (exchange) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the caller went away (killed); the effect stands, which is the point
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
