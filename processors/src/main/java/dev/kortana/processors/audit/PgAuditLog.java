package dev.kortana.processors.audit;

import dev.kortana.processors.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in PostgreSQL (tables audit_log, audit_head, audit_keys): a hash chain of entries under Ed25519-signed
 * heads, shared by every instance on the database.
 *
 * <p>Group commit: {@link #append} queues the entry and waits; one writer thread takes everything queued (up to
 * {@value #MAX_BATCH} entries) and writes it in one transaction, then releases the callers. Many callers thus share a
 * commit. When a write fails, every caller of that batch gets the exception and none of its entries is in the log.
 */
public final class PgAuditLog implements AuditTrail, AutoCloseable {

    static final int MAX_BATCH = 1000;

    /** How often at most a row is signed besides the head, unless configured ({@value #CHECKPOINT_PROPERTY}). */
    public static final Duration DEFAULT_CHECKPOINT = Duration.ofSeconds(1);
    public static final String CHECKPOINT_PROPERTY = "kortana.audit.checkpoint-ms";
    /** How long at most a recorded entry waits for others to share its batch, unless configured. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(100);
    public static final String LINGER_PROPERTY = "kortana.audit.linger-ms";

    private static final Logger LOG = LoggerFactory.getLogger(PgAuditLog.class);

    /** @param awaited a caller blocks until it is written ({@link #append}); false for {@link #record} */
    private record Pending(AuditBatchWriter.Request request, CompletableFuture<Long> written, boolean awaited) {}

    /** Queued by {@link #close()} behind every entry, so the writer stops once they are written. */
    private static final Pending STOP = new Pending(null, null, true);

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AuditBatchWriter writer;
    private final Clock clock;
    private final Thread writerThread;
    private final long lingerNanos;
    private boolean closed; // guarded by this

    private PgAuditLog(AuditBatchWriter writer, Duration linger, Clock clock) {
        this.writer = writer;
        this.lingerNanos = linger.toNanos();
        this.clock = clock;
        this.writerThread = new Thread(this::writeUntilStopped, "audit-log-writer");
        this.writerThread.setDaemon(true);
    }

    /**
     * Registers the signer's public key in audit_keys and starts the writer thread. Close the log to stop it.
     *
     * @param clock stamps each entry's {@code at} when {@link #append} is called
     */
    public static PgAuditLog start(Database db, AuditSigner signer, Clock clock) {
        return start(db, signer, AuditAnchor.NONE, clock);
    }

    /**
     * As {@link #start(Database, AuditSigner, Clock)}, remembering each committed head in {@code anchor}.
     *
     * @throws IllegalStateException when the log no longer holds the head the anchor remembers (rows and head deleted,
     *                               or the log rewritten): nothing is appended over it
     */
    public static PgAuditLog start(Database db, AuditSigner signer, AuditAnchor anchor, Clock clock) {
        return start(db, signer, anchor, TrustedKeys.parse(""), true, DEFAULT_CHECKPOINT, Duration.ZERO, clock);
    }

    /**
     * As {@link #start(Database, AuditSigner, AuditAnchor, Clock)}, signing a row besides the head at most once per
     * {@code checkpoint} (zero: the last row of every batch), and letting {@linkplain #record recorded} entries wait up
     * to {@code linger} for others to share their batch (an {@link #append} writes at once, with whatever waits). A head
     * another instance signed is checked with {@code trusted}, this instance's own key, or, if {@code acceptRegistered},
     * a key in audit_keys.
     */
    public static PgAuditLog start(Database db, AuditSigner signer, AuditAnchor anchor, TrustedKeys trusted,
            boolean acceptRegistered, Duration checkpoint, Duration linger, Clock clock) {
        if (checkpoint.isNegative()) {
            throw new IllegalArgumentException(CHECKPOINT_PROPERTY + " must be 0 or more, got " + checkpoint.toMillis());
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException(LINGER_PROPERTY + " must be 0 or more, got " + linger.toMillis());
        }
        AuditBatchWriter writer = new AuditBatchWriter(db, signer, anchor, trusted, acceptRegistered, checkpoint);
        writer.checkAnchor();
        writer.registerKey();
        PgAuditLog log = new PgAuditLog(writer, linger, clock);
        log.writerThread.start();
        if (signer.devKey()) {
            LOG.warn("Audit log: signing with a dev key generated under the data folder, id {}, public key {} (set"
                    + " kortana.audit.private-key/public-key in production; ./kortana audit keygen)", signer.keyId(),
                    signer.publicKeyBase64());
        } else {
            LOG.info("Audit log: signing with key {}, public key {}", signer.keyId(), signer.publicKeyBase64());
        }
        return log;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when kind or actor is blank, or detail is not JSON-serializable
     * @throws IllegalStateException    when the log is closed, or the caller was interrupted while waiting (the entry
     *                                  may then still be written)
     * @throws RuntimeException         what the write failed with, e.g. a {@code StoreException}
     */
    @Override
    public void append(String kind, String taskId, String actor, Map<String, ?> detail) {
        Pending pending = enqueue(kind, taskId, actor, detail, true);
        try {
            pending.written().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while audit entry '" + kind + "' was written; it may be in the log");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("audit entry '" + kind + "' was not written", e.getCause());
        }
    }

    @Override
    public void record(String kind, String taskId, String actor, Map<String, ?> detail) {
        enqueue(kind, taskId, actor, detail, false).written().whenComplete((seq, failure) -> {
            if (failure != null) {
                // Often on the batch writer's thread, but it may be the caller's: what the MDC held is put back.
                String before = org.slf4j.MDC.get("KortanaTaskId");
                if (taskId != null) {
                    org.slf4j.MDC.put("KortanaTaskId", taskId);
                }
                try {
                    LOG.error("Audit log: entry '{}' of task {} was lost: {}", kind, taskId, failure.toString());
                } finally {
                    if (before == null) {
                        org.slf4j.MDC.remove("KortanaTaskId");
                    } else {
                        org.slf4j.MDC.put("KortanaTaskId", before);
                    }
                }
            }
        });
    }

    private Pending enqueue(String kind, String taskId, String actor, Map<String, ?> detail, boolean awaited) {
        if (kind == null || kind.isBlank() || actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("an audit entry needs a kind and an actor");
        }
        Pending pending = new Pending(new AuditBatchWriter.Request(clock.instant(), kind, taskId, actor,
                AuditEntry.detailTree(detail)), new CompletableFuture<>(), awaited);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the audit log is closed; '" + kind + "' was not recorded");
            }
            queue.add(pending);
        }
        return pending;
    }

    /** Writes what is queued, then stops the writer; later appends are refused. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            writer.close();
        }
    }

    private void writeUntilStopped() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            batch.clear();
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                linger(batch);
            } catch (InterruptedException e) {
                if (batch.isEmpty()) {
                    continue; // only close() stops the writer, so that no caller is left waiting
                }
            }
            stopping = batch.get(batch.size() - 1) == STOP; // STOP is always queued last
            if (stopping) {
                batch.remove(batch.size() - 1);
            }
            if (!batch.isEmpty()) {
                write(batch);
            }
        }
    }

    /** While nobody waits for the batch, lets it gather what comes within the linger (at most a full batch). */
    private void linger(List<Pending> batch) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < MAX_BATCH && batch.stream().noneMatch(Pending::awaited)) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<Long> seqs = writer.write(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).written().complete(seqs.get(i));
            }
        } catch (Throwable e) { // every waiting caller must hear, whatever went wrong
            LOG.error("Audit log: writing {} entries failed; their callers get the error: {}", batch.size(), e.toString());
            batch.forEach(p -> p.written().completeExceptionally(e));
        }
    }
}
