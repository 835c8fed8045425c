package dev.kortana.processors.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.processors.audit.AuditVerification.Break;
import dev.kortana.processors.audit.AuditVerification.Kind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row checks without a database: rows built as the writer builds them, then altered. */
class ChainWalkTest {

    @TempDir
    Path dataDir;

    private final SignatureChecks signatures = new SignatureChecks(2);

    @AfterEach
    void stop() {
        signatures.close();
    }

    @Test
    void anUntouchedChainPassesEveryCheckAndEverySignature() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);

        Optional<Break> broken = walk(TrustedKeys.parse("").and(signer), chain(signer, 1500));

        assertThat(broken).isEmpty();
        assertThat(signatures.firstFailure()).isEmpty();
    }

    @Test
    void severalRowsMissingAtTheStartAreNamedFromTheFirst() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);
        List<ChainWalk.Row> rows = chain(signer, 6).subList(3, 6);

        assertThat(walk(TrustedKeys.parse("").and(signer), rows))
                .contains(new Break(1, Kind.MISSING, "rows 1 to 3 are missing (the log starts at row 4)"));
    }

    @Test
    void aRowBeforeTheStartOfTheChainIsOutOfPlace() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);
        List<ChainWalk.Row> rows = new ArrayList<>(chain(signer, 3));
        ChainWalk.Row first = rows.get(0);
        rows.set(0, new ChainWalk.Row(-1, first.at(), first.kind(), first.taskId(), first.actor(), first.body(),
                first.prevHash(), first.hash(), first.signature(), first.keyId()));

        assertThat(walk(TrustedKeys.parse("").and(signer), rows)).map(Break::kind).contains(Kind.REORDERED);
    }

    @Test
    void aTaskIdColumnThatDisagreesWithTheBodyIsAnEdit() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);
        List<ChainWalk.Row> rows = new ArrayList<>(chain(signer, 3));
        ChainWalk.Row second = rows.get(1);
        rows.set(1, new ChainWalk.Row(2, second.at(), second.kind(), "another-task", second.actor(), second.body(),
                second.prevHash(), second.hash(), second.signature(), second.keyId()));

        assertThat(walk(TrustedKeys.parse("").and(signer), rows)).contains(new Break(2, Kind.EDITED,
                "row 2 was edited: its task_id column does not match its signed body"));
    }

    @Test
    void aRowWhoseHashWasRecomputedAfterAnEditFailsItsSignature() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);
        List<ChainWalk.Row> rows = new ArrayList<>(chain(signer, 3));
        ChainWalk.Row last = rows.get(2);
        String body = last.body().replace("\"n\":3", "\"n\":99");
        rows.set(2, new ChainWalk.Row(3, last.at(), last.kind(), last.taskId(), last.actor(), body, last.prevHash(),
                AuditEntry.hash(last.prevHash(), body), last.signature(), last.keyId()));

        assertThat(walk(TrustedKeys.parse("").and(signer), rows)).isEmpty();
        assertThat(signatures.firstFailure()).map(SignatureChecks.Signed::seq).contains(3L);
    }

    @Test
    void withoutTheSignersKeyTheFirstRowIsUntrusted() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);

        assertThat(walk(TrustedKeys.parse(""), chain(signer, 2))).map(Break::kind).contains(Kind.UNTRUSTED_KEY);
    }

    @Test
    void unsignedRowsBetweenCheckpointsPassAndTheSignedBeforeIsRemembered() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);
        List<ChainWalk.Row> rows = new ArrayList<>(chain(signer, 5));
        for (int i : new int[] {1, 2, 4}) { // rows 2, 3 and 5 as a batch's inner rows are written
            rows.set(i, unsigned(rows.get(i)));
        }
        ChainWalk walk = new ChainWalk(TrustedKeys.parse("").and(signer), signatures);
        rows.forEach(walk::next);

        assertThat(walk.broken()).isEmpty();
        assertThat(walk.lastSigned()).isEqualTo(4);
        assertThat(signatures.firstFailure()).isEmpty();
    }

    @Test
    void aKeyIdWithoutItsSignatureIsAnEdit() {
        AuditSigner signer = AuditSigner.load(null, null, dataDir);
        List<ChainWalk.Row> rows = new ArrayList<>(chain(signer, 3));
        ChainWalk.Row second = rows.get(1);
        rows.set(1, new ChainWalk.Row(2, second.at(), second.kind(), second.taskId(), second.actor(), second.body(),
                second.prevHash(), second.hash(), null, second.keyId()));

        assertThat(walk(TrustedKeys.parse("").and(signer), rows)).contains(new Break(2, Kind.EDITED,
                "row 2 was edited: it names key " + signer.keyId() + " but its signature is gone"));
    }

    private static ChainWalk.Row unsigned(ChainWalk.Row row) {
        return new ChainWalk.Row(row.seq(), row.at(), row.kind(), row.taskId(), row.actor(), row.body(), row.prevHash(),
                row.hash(), null, null);
    }

    private Optional<Break> walk(TrustedKeys trusted, List<ChainWalk.Row> rows) {
        ChainWalk walk = new ChainWalk(trusted, signatures);
        for (ChainWalk.Row row : rows) {
            if (!walk.next(row)) {
                break;
            }
        }
        return walk.broken();
    }

    /** Rows as {@link AuditBatchWriter} writes them. */
    private static List<ChainWalk.Row> chain(AuditSigner signer, int length) {
        List<ChainWalk.Row> rows = new ArrayList<>();
        String prevHash = AuditEntry.GENESIS_HASH;
        for (int seq = 1; seq <= length; seq++) {
            AuditEntry entry = new AuditEntry(seq, Instant.parse("2026-11-25T07:00:00Z").plusMillis(seq), "step-done",
                    "task-" + seq, "worker", AuditEntry.detailTree(Map.of("n", seq)));
            String body = entry.body();
            String hash = AuditEntry.hash(prevHash, body);
            rows.add(new ChainWalk.Row(seq, entry.at(), entry.kind(), entry.taskId(), entry.actor(), body, prevHash, hash,
                    signer.sign(hash), signer.keyId()));
            prevHash = hash;
        }
        return rows;
    }
}
