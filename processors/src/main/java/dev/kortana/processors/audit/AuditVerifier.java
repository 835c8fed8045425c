package dev.kortana.processors.audit;

import dev.kortana.processors.audit.AuditVerification.Break;
import dev.kortana.processors.audit.AuditVerification.Kind;
import dev.kortana.processors.store.Database;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the whole audit log: walks every row in seq order (streamed, {@value #FETCH_SIZE} at a time, in one
 * read-only snapshot so appends may go on meanwhile), verifies each signed row (a checkpoint) against the trusted keys
 * on all cores, then checks the signed head. Reports the first broken link. A row whose content matches its hash but
 * was rewritten with every later hash recomputed is seen at the next signed row or at the head, whose signatures no
 * longer verify; the break then names the range since the signed row before it.
 */
public final class AuditVerifier {

    static final int FETCH_SIZE = 1000;

    private record Head(long seq, String hash, String signature, String keyId) {}

    private final Database db;
    private final TrustedKeys trusted;
    private final boolean acceptDatabaseKeys;
    private final int threads;
    private final AuditAnchor anchor;

    /**
     * @param trusted            the keys whose signatures count: the configured ones and this instance's own
     * @param acceptDatabaseKeys also trust the keys instances registered in audit_keys (dev keys); the result says so
     */
    public AuditVerifier(Database db, TrustedKeys trusted, boolean acceptDatabaseKeys) {
        this(db, trusted, acceptDatabaseKeys, AuditAnchor.NONE);
    }

    /** As above, and the log must still hold the head this instance wrote last ({@code anchor}). */
    public AuditVerifier(Database db, TrustedKeys trusted, boolean acceptDatabaseKeys, AuditAnchor anchor) {
        this.anchor = anchor;
        this.db = db;
        this.trusted = trusted;
        this.acceptDatabaseKeys = acceptDatabaseKeys;
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Reads and checks the whole log. Takes as long as the log is long: a SHA-256 per row and an Ed25519
     * verification per signed row (a checkpoint), spread over the cores.
     *
     * @throws dev.kortana.processors.store.StoreException when the database cannot be read
     */
    public AuditVerification verify() {
        // Read before the snapshot: a batch this instance commits during the walk moves the anchor past what we see.
        Optional<AuditAnchor.Mark> mark = anchor.read();
        try (SignatureChecks signatures = new SignatureChecks(threads)) {
            return db.inTransaction(s -> {
                // One snapshot for head and rows: a concurrent append must not look like a broken head.
                s.update("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                Optional<Head> head = s.queryOne("SELECT seq, hash, signature, key_id FROM audit_head WHERE id = 1",
                        rs -> new Head(rs.getLong("seq"), rs.getString("hash"), rs.getString("signature"), rs.getString("key_id")));
                TrustedKeys keys = trusted;
                if (acceptDatabaseKeys) {
                    Map<String, String> registered = new HashMap<>();
                    s.query("SELECT key_id, public_key FROM audit_keys", rs -> registered.put(rs.getString(1), rs.getString(2)));
                    keys = keys.andRegistered(registered);
                }
                ChainWalk walk = new ChainWalk(keys, signatures);
                s.stream("SELECT seq, at, kind, task_id, actor, body, prev_hash, hash, signature, key_id FROM audit_log ORDER BY seq",
                        FETCH_SIZE, rs -> walk.next(new ChainWalk.Row(rs.getLong("seq"), Database.instant(rs, "at"),
                                rs.getString("kind"), rs.getString("task_id"), rs.getString("actor"), rs.getString("body"),
                                rs.getString("prev_hash"), rs.getString("hash"), rs.getString("signature"), rs.getString("key_id"))));
                Optional<Break> broken = firstOf(walk.broken(), signatures.firstFailure().map(AuditVerifier::badSignature));
                if (broken.isEmpty()) {
                    broken = checkHead(head, walk, keys);
                }
                if (broken.isEmpty()) {
                    broken = checkAnchor(s, mark, head.map(Head::seq).orElse(0L));
                }
                Set<String> keyIds = new TreeSet<>(walk.keyIds());
                head.map(Head::keyId).ifPresent(keyIds::add);
                return new AuditVerification(broken.isEmpty(), walk.rows(), head.map(Head::seq).orElse(null),
                        new ArrayList<>(keyIds), acceptDatabaseKeys, broken.orElse(null));
            });
        }
    }

    private static Optional<Break> checkHead(Optional<Head> stored, ChainWalk walk, TrustedKeys keys) {
        long last = walk.lastSeq();
        if (stored.isEmpty()) {
            return last == 0 ? Optional.empty() : Optional.of(new Break(last, Kind.HEAD,
                    "the log has rows up to " + last + " but no signed head (the head was deleted)"));
        }
        Head head = stored.get();
        if (head.seq() > last) {
            String ends = last == 0 ? "the log is empty" : "the log ends at row " + last;
            return Optional.of(new Break(last + 1, Kind.TRUNCATED,
                    ends + " but the signed head says " + head.seq() + " (rows deleted at the end)"));
        }
        if (head.seq() < last) {
            return Optional.of(new Break(head.seq() + 1, Kind.HEAD, "rows " + (head.seq() + 1) + " to " + last
                    + " come after the signed head (row " + head.seq() + "): they were not appended by the audit log,"
                    + " or the head was rolled back"));
        }
        if (!head.hash().equals(walk.lastHash())) {
            return Optional.of(new Break(head.seq(), Kind.HEAD, "the signed head names row " + head.seq()
                    + " with another hash than the row has (" + headCause(walk.lastSigned(), head.seq()) + ")"));
        }
        Optional<PublicKey> key = keys.key(head.keyId());
        if (key.isEmpty()) {
            return Optional.of(new Break(head.seq(), Kind.UNTRUSTED_KEY,
                    "the head is signed by key " + head.keyId() + ", which is not trusted"));
        }
        if (!Ed25519Keys.verifies(Ed25519Keys.engine(), key.get(), AuditEntry.headText(head.seq(), head.hash()), head.signature())) {
            return Optional.of(new Break(head.seq(), Kind.BAD_SIGNATURE,
                    "the head signature does not verify with key " + head.keyId() + " ("
                            + headCause(walk.lastSigned(), head.seq()) + ")"));
        }
        return Optional.empty();
    }

    /** A log emptied or cut back together with its head still verifies; the anchor outside the database does not. */
    private Optional<Break> checkAnchor(Database.Session s, Optional<AuditAnchor.Mark> mark, long headSeq)
            throws java.sql.SQLException {
        if (mark.isEmpty()) {
            return Optional.empty();
        }
        long seq = mark.get().seq();
        String rowHash = s.queryOne("SELECT hash FROM audit_log WHERE seq = ?", rs -> rs.getString(1), seq).orElse(null);
        return anchor.problem(mark.get(), headSeq, rowHash)
                .map(problem -> new Break(seq, rowHash == null ? Kind.TRUNCATED : Kind.EDITED, problem));
    }

    private static Break badSignature(SignatureChecks.Signed row) {
        return new Break(row.seq(), Kind.BAD_SIGNATURE, "row " + row.seq() + "'s signature does not verify with key "
                + row.keyId() + " (its signature was replaced, or " + since(row.signedBefore(), row.seq())
                + " was edited with the hashes after it recomputed)");
    }

    private static String headCause(long lastSigned, long headSeq) {
        return lastSigned >= headSeq ? "the head was replaced" : "the head was replaced, or " + since(lastSigned, headSeq)
                + " was edited with the hashes after it recomputed";
    }

    /** The rows an edit hidden by recomputed hashes may be in: after the signed row {@code after}, up to {@code to}. */
    private static String since(long after, long to) {
        if (after + 1 >= to) {
            return "row " + to;
        }
        return "a row from " + (after + 1) + " to " + to + (after == 0 ? "" : " (row " + after + " is the signed one before)");
    }

    /** The break with the lower seq; on a tie the walk's, which names the cause. */
    private static Optional<Break> firstOf(Optional<Break> walk, Optional<Break> signature) {
        if (walk.isEmpty() || signature.isEmpty()) {
            return walk.isPresent() ? walk : signature;
        }
        return signature.get().seq() < walk.get().seq() ? signature : walk;
    }
}
