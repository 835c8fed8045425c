package dev.kortana.processors.audit;

import dev.kortana.processors.audit.AuditVerification.Break;
import dev.kortana.processors.audit.AuditVerification.Kind;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of each row, in seq order: nothing missing, content matches hash, body in its place, linked to the row
 * before, columns match the body, and for a signed row (a checkpoint) the key trusted. Signatures go to
 * {@link SignatureChecks}. Stops at the first break.
 */
final class ChainWalk {

    /** One audit_log row as stored. */
    record Row(long seq, Instant at, String kind, String taskId, String actor, String body, String prevHash, String hash,
            String signature, String keyId) {}

    private final TrustedKeys trusted;
    private final SignatureChecks signatures;
    private final Set<String> keyIds = new TreeSet<>();
    private long lastSeq;
    private String lastHash = AuditEntry.GENESIS_HASH;
    private long lastSigned; // seq of the last row with a signature, 0 before the first
    private long rows;
    private Break broken;

    ChainWalk(TrustedKeys trusted, SignatureChecks signatures) {
        this.trusted = trusted;
        this.signatures = signatures;
    }

    /** Checks the next row; false once a link is broken. */
    boolean next(Row row) {
        rows++;
        broken = check(row);
        lastSeq = row.seq();
        lastHash = row.hash();
        return broken == null;
    }

    private Break check(Row row) {
        long seq = row.seq();
        long expected = lastSeq + 1;
        if (seq < expected) {
            return new Break(seq, Kind.REORDERED, "row " + seq + " is out of the chain (seq starts at 1; rows reordered)");
        }
        if (seq != expected) {
            String rowsMissing = seq - expected == 1 ? "row " + expected + " is missing" : "rows " + expected + " to " + (seq - 1) + " are missing";
            String context = lastSeq == 0 ? "the log starts at row " + seq : "row " + lastSeq + " is followed by row " + seq;
            return new Break(expected, Kind.MISSING, rowsMissing + " (" + context + ")");
        }
        if (!AuditEntry.hash(row.prevHash(), row.body()).equals(row.hash())) {
            return new Break(seq, Kind.EDITED, "row " + seq + " was edited: its hash does not match its content");
        }
        AuditEntry body;
        try {
            body = AuditEntry.fromBody(row.body());
        } catch (IllegalArgumentException e) {
            return new Break(seq, Kind.EDITED, "row " + seq + " was edited: its body is not an audit entry");
        }
        if (body.seq() != seq) {
            return new Break(seq, Kind.REORDERED, "row " + seq + "'s body says seq " + body.seq() + " (rows reordered)");
        }
        if (!row.prevHash().equals(lastHash)) {
            return new Break(seq, Kind.REORDERED, seq == 1 ? "row 1's prev_hash is not the genesis hash (rows deleted or reordered)"
                    : "row " + seq + "'s prev_hash does not match row " + lastSeq + " (rows deleted or reordered)");
        }
        Optional<String> column = columnUnlike(row, body);
        if (column.isPresent()) {
            return new Break(seq, Kind.EDITED, "row " + seq + " was edited: its " + column.get()
                    + " column does not match its signed body");
        }
        if (row.signature() == null) { // covered by the next signed row and the head, through the chain
            return row.keyId() == null ? null : new Break(seq, Kind.EDITED, "row " + seq + " was edited: it names key "
                    + row.keyId() + " but its signature is gone");
        }
        keyIds.add(row.keyId());
        Optional<PublicKey> key = trusted.key(row.keyId());
        if (key.isEmpty()) {
            return new Break(seq, Kind.UNTRUSTED_KEY, "row " + seq + " is signed by key " + row.keyId() + ", which is not trusted");
        }
        signatures.add(new SignatureChecks.Signed(seq, lastSigned, row.keyId(), key.get(), row.hash(), row.signature()));
        lastSigned = seq;
        return null;
    }

    private static Optional<String> columnUnlike(Row row, AuditEntry body) {
        if (!Objects.equals(row.kind(), body.kind())) {
            return Optional.of("kind");
        }
        if (!Objects.equals(row.taskId(), body.taskId())) {
            return Optional.of("task_id");
        }
        if (!Objects.equals(row.actor(), body.actor())) {
            return Optional.of("actor");
        }
        return Objects.equals(row.at(), body.at()) ? Optional.empty() : Optional.of("at");
    }

    long rows() {
        return rows;
    }

    long lastSeq() {
        return lastSeq;
    }

    String lastHash() {
        return lastHash;
    }

    /** The seq of the last signed row read; 0 when none was. */
    long lastSigned() {
        return lastSigned;
    }

    Set<String> keyIds() {
        return keyIds;
    }

    /** The first broken link found by the walk itself (signatures aside). */
    Optional<Break> broken() {
        return Optional.ofNullable(broken);
    }
}
