package dev.kortana.processors.audit;

import java.util.List;
import java.util.Locale;

/**
 * What {@link AuditVerifier#verify()} found.
 *
 * @param ok               every row read links to the one before and matches its content, every signed row verifies
 *                         with a trusted key, and the signed head names the last row and verifies
 * @param rowsChecked      rows read (a walk stops at the first broken link)
 * @param headSeq          the seq the signed head names; null when there is no head
 * @param keyIds           ids of the keys that signed the rows read (checkpoints), sorted
 * @param keysFromDatabase keys registered in audit_keys were trusted too: whoever can write to the database could
 *                         have added one, so this proves less than a check against configured keys alone
 * @param firstBroken      the first broken link; null when ok
 */
public record AuditVerification(boolean ok, long rowsChecked, Long headSeq, List<String> keyIds, boolean keysFromDatabase,
        Break firstBroken) {

    /** How a link is broken. */
    public enum Kind {
        /** A row's content does not match its hash, or a column does not match its signed body. */
        EDITED,
        /** A seq is absent between two rows: rows were deleted. */
        MISSING,
        /** A row is not where its body or its prev_hash says: rows were moved, or deleted and the rest renumbered. */
        REORDERED,
        /** A row's or the head's signature does not verify with the key it names. */
        BAD_SIGNATURE,
        /** A row or the head is signed by a key the verifier does not trust. */
        UNTRUSTED_KEY,
        /** The signed head names rows the log no longer has: rows were deleted at the end. */
        TRUNCATED,
        /** The head is missing, or names a different last row than the log has. */
        HEAD;

        /** The kind as the API writes it: {@code edited}, {@code bad-signature}… */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param seq     the first row that is broken (for a missing row, the first seq that is absent)
     * @param problem one sentence naming the row and what is wrong with it
     */
    public record Break(long seq, Kind kind, String problem) {}

    public AuditVerification {
        keyIds = List.copyOf(keyIds);
        if (ok != (firstBroken == null)) {
            throw new IllegalArgumentException("a verification is ok exactly when nothing is broken");
        }
    }

    /** What the signatures were checked against, in one sentence. */
    public String trust() {
        return keysFromDatabase ? "signatures were checked against the configured keys and the keys registered in the"
                + " database (audit_keys), which anyone able to write to the database could add to"
                : "signatures were checked against the configured keys only";
    }
}
