package dev.kortana.routes.ingest;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.TaskStatus;
import dev.kortana.processors.intake.TaskContract;
import dev.kortana.processors.store.AcceptResult;
import dev.kortana.processors.store.TaskKeys;
import dev.kortana.routes.Headers;
import dev.kortana.routes.access.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Stand-in for intake without a store: checks the body with the real {@link TaskContract} (so a task without a goal
 * is a real ContractViolation) and answers the {@link AcceptResult} the store would give, CREATED unless a test says
 * otherwise, or throws what a test asks for. Records what each call received, in {@link #received}.
 */
final class FakeIntake implements Processor {

    /** The smallest limit Settings allows, so a test reaches it with a small body. */
    static final int MAX_BYTES = 1024;

    /** What intake was handed: the channel headers, the caller the API guard let in, and the body. */
    record Received(String channel, String sourceRef, String replyKey, String fallbackId, Principal caller,
            byte[] body) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final TaskContract contract = new TaskContract(MAX_BYTES);
    private volatile AcceptResult.Kind kind = AcceptResult.Kind.CREATED;
    private volatile Supplier<? extends Exception> failure;

    /** The store answers this kind: CREATED (new) or EXISTING (a repeat of the same id and body). */
    FakeIntake answers(AcceptResult.Kind answer) {
        this.kind = answer;
        return this;
    }

    /** Every call throws what {@code failing} makes, after recording what it received; null: calls succeed again. */
    FakeIntake fails(Supplier<? extends Exception> failing) {
        this.failure = failing;
        return this;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        String fallbackId = in.getHeader(Headers.FALLBACK_ID, String.class);
        received.add(new Received(in.getHeader(Headers.CHANNEL, String.class),
                in.getHeader(Headers.SOURCE_REF, String.class),
                in.getHeader(Headers.REPLY_KEY, String.class),
                fallbackId,
                exchange.getProperty(Headers.PRINCIPAL, Principal.class),
                body));
        if (failure != null) {
            throw failure.get();
        }
        AgentTask task = contract.parse(body);
        String id = task.id() != null ? task.id() : fallbackId;
        in.setBody(new AcceptResult(id, TaskKeys.of(task.tenant(), id), TaskStatus.ACCEPTED, kind));
    }
}
