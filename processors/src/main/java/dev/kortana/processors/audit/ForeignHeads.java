package dev.kortana.processors.audit;

import dev.kortana.processors.store.Database;
import java.security.PublicKey;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a head this instance did not write last before a new head is signed over it: otherwise whoever can write to
 * the database could edit a row, recompute the hashes after it and the head's, and have the next append sign the
 * forgery. The row this instance wrote last must still have its hash (nothing up to it was rewritten), the head must
 * name its row's hash, and the head's signature must verify with a trusted key, or, when registered keys are accepted,
 * one registered in audit_keys (another instance's dev key). Each failure throws, naming the row and the fix.
 */
final class ForeignHeads {

    private static final String FIX = "the log was changed outside the audit log: run ./kortana audit verify, and restore"
            + " the log from a backup";

    private final AuditAnchor anchor;
    private final TrustedKeys trusted;
    private final boolean acceptRegistered;

    /** @param trusted the configured keys and this instance's own */
    ForeignHeads(AuditAnchor anchor, TrustedKeys trusted, boolean acceptRegistered) {
        this.anchor = anchor;
        this.trusted = trusted;
        this.acceptRegistered = acceptRegistered;
    }

    /**
     * @param mark the head this instance wrote last; null before its first write
     * @throws IllegalStateException when nothing may be appended over the head
     */
    void check(Database.Session s, long seq, String hash, String signature, String keyId, AuditAnchor.Mark mark)
            throws SQLException {
        Map<Long, String> rows = new HashMap<>();
        s.query("SELECT seq, hash FROM audit_log WHERE seq = ANY(?)", rs -> rows.put(rs.getLong(1), rs.getString(2)),
                (Object) new long[] {seq, mark == null ? seq : mark.seq()});
        if (mark != null) {
            Optional<String> problem = anchor.problem(mark, seq, rows.get(mark.seq()));
            if (problem.isPresent()) {
                throw new IllegalStateException(problem.get());
            }
        }
        if (seq == 0) {
            return; // the genesis: nothing is signed yet
        }
        if (!hash.equals(rows.get(seq))) {
            throw new IllegalStateException("the audit head names row " + seq + " with another hash than the row has;"
                    + " nothing is appended over it; " + FIX);
        }
        Optional<PublicKey> key = trusted.key(keyId);
        if (key.isEmpty() && acceptRegistered) {
            Map<String, String> registered = new HashMap<>();
            s.query("SELECT key_id, public_key FROM audit_keys WHERE key_id = ?",
                    rs -> registered.put(rs.getString(1), rs.getString(2)), keyId);
            key = trusted.andRegistered(registered).key(keyId);
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("the audit head (row " + seq + ") is signed by key " + keyId + ", which this"
                    + " instance does not trust; nothing is appended over it (add that instance's public key to"
                    + " kortana.audit.trusted-keys, or, if no instance should have signed with it, " + FIX + ")");
        }
        if (!Ed25519Keys.verifies(Ed25519Keys.engine(), key.get(), AuditEntry.headText(seq, hash), signature)) {
            throw new IllegalStateException("the audit head (row " + seq + ") does not verify with key " + keyId
                    + "; nothing is appended over it; " + FIX);
        }
    }
}
