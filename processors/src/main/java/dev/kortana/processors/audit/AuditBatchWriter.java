package dev.kortana.processors.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kortana.processors.store.Database;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a batch of entries to the chain in one transaction: lock the chain, read the signed head, insert the rows
 * as one JDBC batch, sign and store the new head, commit. Every instance on the database takes the same advisory
 * lock, so all of them append to one chain with contiguous seq.
 *
 * <p>Heads are signed, not entries, as Certificate Transparency signs tree heads: the head of every batch (it covers
 * every row up to it through the hash chain), and, when the last such checkpoint of this instance is at least the
 * checkpoint interval old, the batch's last row too (a signature over its own hash, kept in the row, so the verifier
 * can say between which rows an edit with recomputed hashes was made). Ed25519 on Java 17 costs 0.5 to 1.5 ms a
 * signature, so a batch of any size costs one or two signatures instead of one per entry.
 */
final class AuditBatchWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditBatchWriter.class);

    /** An entry before it has its place in the chain. */
    record Request(Instant at, String kind, String taskId, String actor, JsonNode detail) {}

    private record Head(long seq, String hash, String signature, String keyId) {}

    /** An entry with its place in the chain, before it is signed. */
    private record Link(AuditEntry entry, String body, String prevHash, String hash) {}

    /** First half of the advisory lock key ("KORT"); the second is the oid of audit_log, so each schema has its own. */
    private static final int LOCK_CLASS = 0x4B4F5254;
    private static final String INSERT = "INSERT INTO audit_log (seq, at, kind, task_id, actor, body, prev_hash, hash,"
            + " signature, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database db;
    private final AuditSigner signer;
    private final AuditAnchor anchor;
    private final ForeignHeads foreignHeads;
    private final long checkpointNanos;
    private long lastCheckpoint; // System.nanoTime() of this instance's last signed row; only the writer thread uses it
    private boolean checkpointed;
    private volatile AuditAnchor.Mark written; // the last head this instance committed, as its anchor remembers it
    private final int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final ExecutorService signing = Executors.newFixedThreadPool(cores, r -> {
        Thread thread = new Thread(r, "audit-log-signer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param acceptRegistered a head another instance signed may verify with a key registered in audit_keys
     * @param checkpoint       how often at most a row is signed besides the head; zero signs the last row of every batch
     */
    AuditBatchWriter(Database db, AuditSigner signer, AuditAnchor anchor, TrustedKeys trusted, boolean acceptRegistered,
            Duration checkpoint) {
        this.db = db;
        this.signer = signer;
        this.anchor = anchor;
        this.foreignHeads = new ForeignHeads(anchor, trusted.and(signer), acceptRegistered);
        this.checkpointNanos = checkpoint.toNanos();
        this.written = anchor.read().orElse(null);
    }

    /** Refuses to go on when the log no longer holds the head this instance wrote last (its anchor). */
    void checkAnchor() {
        AuditAnchor.Mark mark = written;
        if (mark == null) {
            return;
        }
        long headSeq = db.queryOne("SELECT seq FROM audit_head WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
        String rowHash = db.queryOne("SELECT hash FROM audit_log WHERE seq = ?", rs -> rs.getString(1), mark.seq()).orElse(null);
        anchor.problem(mark, headSeq, rowHash).ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    @Override
    public void close() {
        signing.shutdown();
    }

    /** Makes this instance's public key known to verifiers that accept registered keys. */
    void registerKey() {
        db.update("INSERT INTO audit_keys (key_id, public_key) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING",
                signer.keyId(), signer.publicKeyBase64());
    }

    /** Appends the requests in order and returns their seq; nothing is appended when it throws. */
    List<Long> write(List<Request> requests) {
        long now = System.nanoTime();
        boolean checkpoint = !checkpointed || now - lastCheckpoint >= checkpointNanos;
        List<Link> links = db.inTransaction(s -> appendLinks(s, requests, checkpoint));
        if (checkpoint) {
            lastCheckpoint = now;
            checkpointed = true;
        }
        Link last = links.get(links.size() - 1);
        AuditAnchor.Mark mark = new AuditAnchor.Mark(last.entry().seq(), last.hash());
        try {
            anchor.write(mark); // after the commit, so the anchor is never ahead of the log
        } catch (UncheckedIOException e) { // the entries are in the log; only the evidence outside it lags
            LOG.error("Audit log: row {} is written, but {}", mark.seq(), e.getMessage());
        }
        written = mark;
        return links.stream().map(link -> link.entry().seq()).toList();
    }

    private List<Link> appendLinks(Database.Session s, List<Request> requests, boolean checkpoint) throws SQLException {
        // Durable on return whatever the server or role default says.
        s.update("SET LOCAL synchronous_commit = on");
        s.queryOne("SELECT pg_advisory_xact_lock(?, 'audit_log'::regclass::oid::int)",
                rs -> Boolean.TRUE, LOCK_CLASS);
        Head head = head(s);
        AuditAnchor.Mark mark = written;
        if (mark != null && head.seq() < mark.seq()) { // emptied or cut back under this instance: no new chain over it
            throw new IllegalStateException(anchor.problem(mark, head.seq(), null).orElseThrow());
        }
        if (mark == null || head.seq() != mark.seq() || !head.hash().equals(mark.hash())) {
            // the next head is signed over it: it must be what the log says it is
            foreignHeads.check(s, head.seq(), head.hash(), head.signature(), head.keyId(), mark);
        }
        List<Link> links = chain(head, requests);
        Link last = links.get(links.size() - 1);
        List<String> toSign = new ArrayList<>(2);
        toSign.add(AuditEntry.headText(last.entry().seq(), last.hash()));
        if (checkpoint) {
            toSign.add(last.hash());
        }
        List<String> signatures = signAll(toSign);
        List<Object[]> rows = new ArrayList<>(links.size());
        for (Link link : links) {
            AuditEntry entry = link.entry();
            boolean signed = checkpoint && link == last;
            rows.add(new Object[] {entry.seq(), entry.at(), entry.kind(), entry.taskId(), entry.actor(), link.body(),
                    link.prevHash(), link.hash(), signed ? signatures.get(1) : null, signed ? signer.keyId() : null});
        }
        s.batch(INSERT, rows);
        s.update("INSERT INTO audit_head (id, seq, hash, signature, key_id) VALUES (1, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash,"
                        + " signature = EXCLUDED.signature, key_id = EXCLUDED.key_id",
                last.entry().seq(), last.hash(), signatures.get(0), signer.keyId());
        return links;
    }

    /** The signed head; the genesis when the log is empty. Refuses to start a new chain over rows that have no head. */
    private static Head head(Database.Session s) throws SQLException {
        Optional<Head> stored = s.queryOne("SELECT seq, hash, signature, key_id FROM audit_head WHERE id = 1",
                rs -> new Head(rs.getLong("seq"), rs.getString("hash"), rs.getString("signature"), rs.getString("key_id")));
        if (stored.isPresent()) {
            return stored.get();
        }
        Optional<Long> lastRow = s.queryOne("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1", rs -> rs.getLong(1));
        if (lastRow.isPresent()) {
            throw new IllegalStateException("audit_head is missing while audit_log has rows up to " + lastRow.get()
                    + ": the log was tampered with; run ./kortana audit verify and restore audit_head from a backup");
        }
        return new Head(0, AuditEntry.GENESIS_HASH, null, null);
    }

    /** The requests as entries after the head, each hashed onto the one before. */
    private static List<Link> chain(Head head, List<Request> requests) {
        List<Link> links = new ArrayList<>(requests.size());
        long seq = head.seq();
        String prevHash = head.hash();
        for (Request request : requests) {
            AuditEntry entry = new AuditEntry(++seq, request.at(), request.kind(), request.taskId(), request.actor(),
                    request.detail());
            String body = entry.body();
            String hash = AuditEntry.hash(prevHash, body);
            links.add(new Link(entry, body, prevHash, hash));
            prevHash = hash;
        }
        return links;
    }

    /** The signatures of the texts, in order, computed in one slice per core. */
    private List<String> signAll(List<String> texts) {
        if (texts.size() == 1) {
            return List.of(signer.sign(texts.get(0)));
        }
        int slices = Math.min(cores, texts.size());
        int size = (texts.size() + slices - 1) / slices;
        List<Callable<List<String>>> work = new ArrayList<>(slices);
        for (int from = 0; from < texts.size(); from += size) {
            List<String> slice = texts.subList(from, Math.min(texts.size(), from + size));
            work.add(() -> slice.stream().map(signer::sign).toList());
        }
        List<String> signatures = new ArrayList<>(texts.size());
        try {
            for (Future<List<String>> done : signing.invokeAll(work)) {
                signatures.addAll(done.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing audit entries", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("signing audit entries failed", e.getCause());
        }
        return signatures;
    }
}
