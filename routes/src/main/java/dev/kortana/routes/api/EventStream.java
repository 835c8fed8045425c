package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.store.TaskRecord;
import dev.kortana.processors.store.TaskStore;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events/stream}: the task events of the caller's tenant as Server-Sent Events, as they happen on any
 * instance. Each stream reads the shared {@code task_events} table every half second, off the event loop; event ids
 * are its sequence numbers, so a client that reconnects with {@code Last-Event-ID} resumes where it was (events are
 * read a second after they were written, so a transaction that committed late is not skipped). {@code ?task=ID}
 * follows one task (found as every task endpoint finds it) from its first event and ends after its terminal one, as
 * does {@code GET /api/tasks/{id}/events?follow=true};
 * {@code ?after=N} starts after event N. A key of every tenant sees all of them, or one with {@code ?tenant=}. A slow
 * client is not read for until it has taken what was sent; at most {@code kortana.events.max-streams} streams per
 * instance. Served by a Vert.x handler on Camel's router: a Camel route answers once, a stream keeps writing.
 */
public final class EventStream implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final String PATH = "/api/events/stream";
    private static final long POLL_MS = 500;
    private static final long KEEP_ALIVE_MS = 15_000;
    private static final int BATCH = 500;
    private static final List<String> TERMINAL = List.of("COMPLETED", "FAILED", "REJECTED", "CANCELLED");

    private static final String FOLLOW_PATH = "/api/tasks/:id/events";

    private final TaskStore tasks;
    private final ApiAccess access;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();
    private boolean installed;

    /** @param maxStreams how many streams this instance serves at once (each costs a query per half second) */
    public EventStream(TaskStore tasks, ApiAccess access, int maxStreams) {
        this.tasks = tasks;
        this.access = access;
        this.maxStreams = maxStreams;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the router is bound once the HTTP server runs
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (!installed) {
            installed = true;
            var router = PlatformRouter.of(context, "the event stream cannot be served");
            router.get(PATH).order(Integer.MIN_VALUE + 1).handler(request -> stream(request, request.queryParams().get("task")));
            // GET /api/tasks/{id}/events?follow=true is the same stream for one task; without follow the route answers.
            router.get(FOLLOW_PATH).order(Integer.MIN_VALUE + 1).handler(request -> {
                if ("true".equalsIgnoreCase(request.queryParams().get("follow"))) {
                    stream(request, request.pathParam("id"));
                } else {
                    request.next();
                }
            });
        }
    }

    private void stream(RoutingContext request, String task) {
        Principal who;
        try {
            who = access.authenticate(request.request().getHeader("Authorization"));
        } catch (ApiAccess.Denied e) {
            problem(request, e.status(), e.status() == 401 ? "Unauthorized" : "Forbidden", e.getMessage());
            return;
        }
        String askedTenant = request.queryParams().get("tenant");
        String tenant;
        if (who.ownTenant() == null) {
            tenant = askedTenant == null || askedTenant.isBlank() ? null : askedTenant.trim();
        } else if (askedTenant != null && !askedTenant.isBlank() && !who.seesTenant(askedTenant.trim())) {
            problem(request, 403, "Forbidden", "your key sees tenant " + who.tenant() + " only; leave tenant out");
            return;
        } else {
            tenant = who.tenant();
        }
        Long after = number(request.request().getHeader("Last-Event-ID"), request.queryParams().get("after"));
        if (after == null && (request.queryParams().contains("after") || request.request().getHeader("Last-Event-ID") != null)) {
            problem(request, 400, "Invalid request", "after (or Last-Event-ID) must be an event number, e.g. after=1200");
            return;
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            problem(request, 503, "Too many streams", "this instance serves " + maxStreams + " event streams at most"
                    + " (kortana.events.max-streams); close one, or connect to another instance");
            return;
        }
        Vertx vertx = request.vertx();
        // Off the event loop, and not ordered: one slow query must not hold up every other stream's.
        vertx.executeBlocking(() -> {
            if (task == null || task.isBlank()) {
                return new Start(null, after != null ? after : tasks.lastEventSeq());
            }
            TaskRecord record = CallerTasks.find(tasks, askedTenant, who, task.trim()).orElse(null);
            return record == null ? null : new Start(record.id(), after != null ? after : 0L);
        }, false).onComplete(start -> {
            if (start.failed()) {
                open.decrementAndGet();
                if (start.cause() instanceof ContractViolation v) {
                    problem(request, 400, "Invalid request", v.getMessage());
                } else {
                    problem(request, 503, "Unavailable", "the event store is away; try again shortly");
                }
            } else if (start.result() == null) {
                open.decrementAndGet();
                problem(request, 404, "Not found", "no task has id '" + task + "'");
            } else if (request.response().closed()) {
                open.decrementAndGet(); // the client went away while the stream was being set up
            } else {
                open(request, vertx, tenant, start.result());
            }
        });
    }

    /** Where a stream starts: one task (its stored key) or every task of the tenant, after event {@code after}. */
    private record Start(String taskKey, long after) {}

    private void open(RoutingContext request, Vertx vertx, String tenant, Start start) {
        HttpServerResponse response = request.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": events after " + start.after() + "\n\n");
        AtomicLong last = new AtomicLong(start.after());
        AtomicLong quietSince = new AtomicLong(System.nanoTime());
        AtomicBoolean busy = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong timer = new AtomicLong();
        Runnable close = () -> {
            if (done.compareAndSet(false, true)) {
                vertx.cancelTimer(timer.get());
                open.decrementAndGet();
            }
        };
        timer.set(vertx.setPeriodic(POLL_MS, id -> {
            if (done.get() || response.closed()) {
                close.run();
                return;
            }
            if (System.nanoTime() - quietSince.get() > KEEP_ALIVE_MS * 1_000_000) {
                response.write(": keep-alive\n\n"); // proxies close connections that say nothing, also while polls fail
                quietSince.set(System.nanoTime());
            }
            if (response.writeQueueFull() || !busy.compareAndSet(false, true)) {
                return; // a slow client: nothing more is read for it until it has taken what was sent
            }
            vertx.executeBlocking(() -> tasks.eventsAfter(last.get(), tenant, start.taskKey(), BATCH), false).onComplete(polled -> {
                busy.set(false);
                if (done.get() || response.closed()) {
                    close.run();
                    return;
                }
                if (polled.failed()) {
                    LOG.debug("Event stream poll failed; trying again: {}", polled.cause().toString());
                    return;
                }
                boolean ended = false;
                for (TaskStore.StreamedEvent e : polled.result()) {
                    ObjectNode data = Json.MAPPER.createObjectNode();
                    data.put("seq", e.seq()).put("taskId", e.taskId()).put("tenant", e.tenant()).put("kind", e.kind())
                            .put("name", e.name()).put("status", e.status()).put("at", e.at().toString());
                    if (e.detail() != null) {
                        data.set("detail", e.detail());
                    }
                    response.write("id: " + e.seq() + "\nevent: " + e.name() + "\ndata: " + data + "\n\n");
                    last.set(e.seq());
                    quietSince.set(System.nanoTime());
                    ended |= start.taskKey() != null && "status".equals(e.kind()) && TERMINAL.contains(e.name());
                }
                if (ended) {
                    close.run();
                    response.end();
                }
            });
        }));
        response.closeHandler(v -> close.run());
    }

    private static Long number(String header, String query) {
        String text = header != null ? header : query;
        if (text == null) {
            return null;
        }
        try {
            long n = Long.parseLong(text.trim());
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void problem(RoutingContext request, int status, String title, String detail) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail);
        request.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE).end(body.toString());
    }
}
