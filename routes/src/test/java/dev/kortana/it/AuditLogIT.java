package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kortana.it.AuditFixture.Instance;
import dev.kortana.processors.audit.AuditVerification;
import dev.kortana.processors.audit.AuditVerification.Kind;
import dev.kortana.processors.audit.AuditVerifier;
import dev.kortana.processors.audit.TrustedKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed audit log on real PostgreSQL: instances sharing a database append to one contiguous chain, and every
 * kind of tampering done with plain SQL is reported at the row where it was done.
 */
class AuditLogIT {

    @TempDir
    Path dataDirs;

    AuditFixture audit;

    @BeforeEach
    void migrate() {
        audit = new AuditFixture(dataDirs);
    }

    @AfterEach
    void drop() throws Exception {
        audit.close();
    }

    @Test
    void twoInstancesAppendingFromManyThreadsBuildOneContiguousChain() throws Exception {
        List<Instance> instances = List.of(audit.instance("a"), audit.instance("b"));
        assertThat(instances.get(0).signer().keyId()).isNotEqualTo(instances.get(1).signer().keyId());

        AuditFixture.appendConcurrently(8, 50, thread -> instances.get(thread % 2).log());

        AuditVerification result = audit.verifier(instances.get(0), instances.get(1)).verify();
        assertThat(result.firstBroken()).isNull();
        assertThat(result.ok()).isTrue();
        assertThat(result.rowsChecked()).isEqualTo(400);
        assertThat(result.headSeq()).isEqualTo(400L);
        assertThat(result.keyIds()).containsExactlyInAnyOrder(instances.get(0).signer().keyId(), instances.get(1).signer().keyId());
        assertThat(result.keysFromDatabase()).isFalse();
        assertThat(audit.column("SELECT seq FROM audit_log ORDER BY seq")).containsExactlyElementsOf(
                LongStream.rangeClosed(1, 400).mapToObj(Long::toString).toList());
        for (int thread = 0; thread < 8; thread++) {
            assertThat(audit.column("SELECT body::jsonb->'detail'->>'n' FROM audit_log WHERE actor = 'thread-" + thread + "' ORDER BY seq"))
                    .as("one caller's entries keep its order").containsExactlyElementsOf(
                            LongStream.range(0, 50).mapToObj(Long::toString).toList());
        }
    }

    @Test
    void recordedEntriesAreWrittenInOrderBeforeALaterAppendReturns() {
        Instance instance = audit.instance("async");
        for (int i = 0; i < 50; i++) {
            instance.log().record("tool-call", "task-" + i, "executor", Map.of("step", i));
        }
        instance.log().append("outcome", "task-49", "pipeline", Map.of("status", "COMPLETED"));

        AuditVerification result = audit.verifier(instance).verify();
        assertThat(result.ok()).isTrue();
        assertThat(result.rowsChecked()).isEqualTo(51);
    }

    @Test
    void recordedEntriesWaitForAnAppendAndShareItsCommit() {
        Instance instance = audit.lingering("lingering", Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            instance.log().record("tool-call", "task-1", "executor", Map.of("step", i));
        }
        instance.log().append("outcome", "task-1", "pipeline", Map.of("status", "COMPLETED"));

        assertThat(audit.column("SELECT count(*) FROM audit_log")).containsExactly("6");
        assertThat(audit.column("SELECT count(DISTINCT xmin::text) FROM audit_log")).as("one transaction").containsExactly("1");
        assertThat(audit.verifier(instance).verify().ok()).isTrue();
    }

    @Test
    void aBodyEditedInPlaceIsNamedAsEdited() {
        Instance instance = audit.chainOf(20);
        audit.sql("UPDATE audit_log SET body = replace(body, '\"actor\":\"thread-0\"', '\"actor\":\"mallory\"') WHERE seq = 7");

        assertBroken(audit.verifier(instance).verify(), 7, Kind.EDITED, "row 7 was edited: its hash does not match its content");
    }

    @Test
    void aColumnEditedBesideItsSignedBodyIsNamedAsEdited() {
        Instance instance = audit.chainOf(20);
        audit.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 9");

        assertBroken(audit.verifier(instance).verify(), 9, Kind.EDITED, "row 9 was edited: its actor column does not match its signed body");
    }

    @Test
    void aDeletedMiddleRowIsNamedAsMissing() {
        Instance instance = audit.chainOf(20);
        audit.sql("DELETE FROM audit_log WHERE seq = 10");

        assertBroken(audit.verifier(instance).verify(), 10, Kind.MISSING, "row 10 is missing (row 9 is followed by row 11)");
    }

    @Test
    void aDeletedLastRowIsCaughtByTheSignedHead() {
        Instance instance = audit.chainOf(20);
        audit.sql("DELETE FROM audit_log WHERE seq = 20");

        AuditVerification result = audit.verifier(instance).verify();

        assertBroken(result, 20, Kind.TRUNCATED, "the log ends at row 19 but the signed head says 20 (rows deleted at the end)");
        assertThat(result.rowsChecked()).isEqualTo(19);
    }

    @Test
    void aLogEmptiedTogetherWithItsHeadIsNamedByTheAnchorAndNeverWrittenOver() {
        Instance instance = audit.anchored("anchored");
        for (int n = 0; n < 5; n++) {
            instance.log().append("step-done", "task-" + n, "thread-0", Map.of("n", n));
        }
        audit.sql("DELETE FROM audit_log");
        audit.sql("DELETE FROM audit_head");

        AuditVerification result = audit.verifier(audit.anchor("anchored"), instance).verify();

        assertThat(result.ok()).isFalse();
        assertThat(result.firstBroken().seq()).isEqualTo(5);
        assertThat(result.firstBroken().kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(result.firstBroken().problem()).contains("wrote the audit log up to row 5").contains("the log is empty")
                .contains("move ").contains("anchor");
        assertThat(audit.verifier(instance).verify().ok()).as("without the anchor an emptied log looks fine").isTrue();
        assertThatThrownBy(() -> instance.log().append("after", null, "someone", Map.of()))
                .hasMessageContaining("rows were deleted together with the signed head");
        assertThat(audit.column("SELECT count(*) FROM audit_log")).containsExactly("0");
        assertThatThrownBy(() -> audit.anchored("anchored")).as("a restart refuses too")
                .hasMessageContaining("wrote the audit log up to row 5");
    }

    @Test
    void anInstanceVerifyingWhileItWritesFindsItsAnchorIntact() throws Exception {
        Instance instance = audit.anchored("busy");
        for (int n = 0; n < 200; n++) {
            instance.log().append("step-done", "task-" + n, "thread-0", Map.of("n", n));
        }
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int n = 0; writing.get() && n < 5000; n++) {
                instance.log().append("step-done", "more-" + n, "thread-1", Map.of("n", n));
            }
        });
        writer.start();
        try {
            AuditVerification result = audit.verifier(audit.anchor("busy"), instance).verify();

            assertThat(result.ok()).as("appends during the walk move the anchor past the snapshot: %s", result.firstBroken()).isTrue();
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void aLogRewrittenFromTheStartIsNamedByTheAnchor() {
        Instance instance = audit.anchored("anchored");
        instance.log().append("step-done", "task-1", "thread-0", Map.of("n", 1));
        audit.sql("DELETE FROM audit_log");
        audit.sql("DELETE FROM audit_head");
        Instance forger = audit.instance("forger"); // a fresh chain signed with another trusted key
        forger.log().append("step-done", "task-1", "thread-0", Map.of("n", 2));

        AuditVerification result = audit.verifier(audit.anchor("anchored"), instance, forger).verify();

        assertThat(result.firstBroken()).isNotNull();
        assertThat(result.firstBroken().kind()).isEqualTo(Kind.EDITED);
        assertThat(result.firstBroken().problem()).contains("row 1 has another hash than this instance wrote");
    }

    @Test
    void appendingAfterATruncationKeepsItVisible() {
        Instance instance = audit.chainOf(20);
        audit.sql("DELETE FROM audit_log WHERE seq >= 19");

        instance.log().append("after", null, "someone", Map.of());

        assertBroken(audit.verifier(instance).verify(), 19, Kind.MISSING, "rows 19 to 20 are missing (row 18 is followed by row 21)");
    }

    @Test
    void twoRowsThatSwappedPlacesAreNamedAsReordered() {
        Instance instance = audit.chainOf(20);
        audit.sql("UPDATE audit_log SET seq = -5 WHERE seq = 5");
        audit.sql("UPDATE audit_log SET seq = 5 WHERE seq = 6");
        audit.sql("UPDATE audit_log SET seq = 6 WHERE seq = -5");

        assertBroken(audit.verifier(instance).verify(), 5, Kind.REORDERED, "row 5's body says seq 6 (rows reordered)");
    }

    @Test
    void aReplacedSignatureIsNamedAsBadSignature() {
        Instance instance = audit.chainOf(20, Duration.ZERO);
        audit.sql("UPDATE audit_log SET signature = (SELECT signature FROM audit_log WHERE seq = 11) WHERE seq = 12");

        assertBroken(audit.verifier(instance).verify(), 12, Kind.BAD_SIGNATURE,
                "row 12's signature does not verify with key " + instance.signer().keyId()
                        + " (its signature was replaced, or row 12 was edited with the hashes after it recomputed)");
    }

    @Test
    void aHeadWithAnotherSignatureIsNamed() {
        Instance instance = audit.chainOf(20, Duration.ZERO);
        audit.sql("UPDATE audit_head SET signature = (SELECT signature FROM audit_log WHERE seq = 20)");

        assertBroken(audit.verifier(instance).verify(), 20, Kind.BAD_SIGNATURE,
                "the head signature does not verify with key " + instance.signer().keyId() + " (the head was replaced)");
    }

    @Test
    void headsAreSignedPerBatchAndRowsOnlyAtCheckpoints() {
        Instance instance = audit.chainOf(20, Duration.ofHours(1));

        AuditVerification result = audit.verifier(instance).verify();

        assertThat(result.ok()).as("%s", result.firstBroken()).isTrue();
        assertThat(result.headSeq()).isEqualTo(20L);
        assertThat(audit.column("SELECT seq FROM audit_log WHERE signature IS NOT NULL"))
                .as("the first batch is a checkpoint; the next is due in an hour").containsExactly("1");
        assertThat(audit.column("SELECT count(*) FROM audit_log WHERE key_id IS NULL")).containsExactly("19");
    }

    @Test
    void anEditWithEveryLaterHashRecomputedIsCaughtByTheHeadAndPlacedAfterTheLastCheckpoint() {
        Instance instance = audit.chainOf(20, Duration.ofHours(1));
        rewriteFrom(7);

        assertBroken(audit.verifier(instance).verify(), 20, Kind.BAD_SIGNATURE,
                "the head signature does not verify with key " + instance.signer().keyId() + " (the head was replaced,"
                        + " or a row from 2 to 20 (row 1 is the signed one before) was edited with the hashes after it"
                        + " recomputed)");
    }

    @Test
    void theNextAppendRefusesToSignOverAnEditWithRecomputedHashes() {
        Instance instance = audit.chainOf(20, Duration.ofHours(1));
        rewriteFrom(7);

        assertThatThrownBy(() -> instance.log().append("after", null, "thread-0", Map.of()))
                .hasMessageContaining("row 20 has another hash than this instance wrote");
        Instance restarted = audit.instance("other"); // an instance with no memory of the log: the head's signature
        assertThatThrownBy(() -> restarted.log().append("after", null, "thread-0", Map.of()))
                .hasMessageContaining("the audit head (row 20) does not verify with key " + instance.signer().keyId());
        assertThat(audit.column("SELECT max(seq) FROM audit_log")).as("nothing appended over the forgery").containsExactly("20");
        assertThat(audit.verifier(instance).verify().firstBroken().kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }

    @Test
    void aHeadSignedByAKeyTheInstanceDoesNotTrustIsNotSignedOver() {
        Instance stranger = audit.chainOf(3);
        Instance strict = audit.trustingItselfOnly("strict");

        assertThatThrownBy(() -> strict.log().append("after", null, "thread-0", Map.of()))
                .hasMessageContaining("the audit head (row 3) is signed by key " + stranger.signer().keyId()
                        + ", which this instance does not trust")
                .hasMessageContaining("kortana.audit.trusted-keys");
        assertThat(audit.column("SELECT max(seq) FROM audit_log")).containsExactly("3");
    }

    @Test
    void withACheckpointPerBatchAnEditWithRecomputedHashesIsNamedAtItsRow() {
        Instance instance = audit.chainOf(20, Duration.ZERO);
        rewriteFrom(7);

        assertBroken(audit.verifier(instance).verify(), 7, Kind.BAD_SIGNATURE,
                "row 7's signature does not verify with key " + instance.signer().keyId()
                        + " (its signature was replaced, or row 7 was edited with the hashes after it recomputed)");
    }

    /** What a forger without the key can do: edit row {@code seq}'s body, then recompute every hash after it and the head's. */
    private void rewriteFrom(long seq) {
        audit.sql("UPDATE audit_log SET body = replace(body, '\"actor\":\"thread-0\"', '\"actor\":\"mallory\"'),"
                + " actor = 'mallory' WHERE seq = " + seq);
        long last = Long.parseLong(audit.column("SELECT max(seq) FROM audit_log").get(0));
        for (long n = seq; n <= last; n++) {
            audit.sql("UPDATE audit_log SET prev_hash = p.hash, hash = encode(sha256(convert_to(p.hash || E'\\n' || audit_log.body,"
                    + " 'UTF8')), 'hex') FROM audit_log p WHERE p.seq = " + (n - 1) + " AND audit_log.seq = " + n);
        }
        audit.sql("UPDATE audit_head SET hash = (SELECT hash FROM audit_log WHERE seq = " + last + ")");
    }

    @Test
    void aRowSignedByAnUntrustedKeyIsNamedUnlessRegisteredKeysAreAccepted() {
        Instance trusted = audit.chainOf(20);
        Instance stranger = audit.instance("stranger");
        stranger.log().append("intrusion", "task-x", "stranger", Map.of("note", "signed by a key nobody configured"));
        trusted.log().append("after", null, "thread-0", Map.of());

        assertBroken(audit.verifier(trusted).verify(), 21, Kind.UNTRUSTED_KEY,
                "row 21 is signed by key " + stranger.signer().keyId() + ", which is not trusted");
        AuditVerification withRegistered = new AuditVerifier(audit.db(), TrustedKeys.of(List.of()).and(trusted.signer()), true).verify();
        assertThat(withRegistered.ok()).isTrue();
        assertThat(withRegistered.keysFromDatabase()).isTrue();
        assertThat(withRegistered.trust()).contains("keys registered in the database");
        assertThat(withRegistered.keyIds()).containsExactlyInAnyOrder(trusted.signer().keyId(), stranger.signer().keyId());
    }

    @Test
    void whenAWriteFailsEveryWaitingCallerGetsTheErrorAndNothingIsWritten() throws Exception {
        Instance instance = audit.chainOf(3);
        audit.sql("ALTER TABLE audit_log RENAME TO audit_log_away");

        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<?>> appends = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            appends.add(callers.submit(() -> instance.log().append("lost?", null, "caller", Map.of())));
        }
        for (Future<?> append : appends) {
            assertThatThrownBy(append::get).isInstanceOf(ExecutionException.class).hasMessageContaining("audit_log");
        }
        callers.shutdown();
        audit.sql("ALTER TABLE audit_log_away RENAME TO audit_log");
        instance.log().append("after", null, "caller", Map.of());

        AuditVerification result = audit.verifier(instance).verify();
        assertThat(result.ok()).isTrue();
        assertThat(result.headSeq()).isEqualTo(4L);
    }

    @Test
    void closingWritesWhatIsQueuedAndRefusesWhatComesAfter() throws Exception {
        Instance instance = audit.instance("closing");
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<Integer>> written = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            written.add(callers.submit(() -> {
                int appended = 0;
                try {
                    for (; appended < 50; appended++) {
                        instance.log().append("step-done", null, "caller", Map.of());
                    }
                } catch (IllegalStateException refused) {
                    assertThat(refused).hasMessageContaining("the audit log is closed");
                }
                return appended;
            }));
        }
        instance.log().close();
        int acknowledged = 0;
        for (Future<Integer> callerAppended : written) {
            acknowledged += callerAppended.get();
        }
        callers.shutdown();

        AuditVerification result = audit.verifier(instance).verify();
        assertThat(result.ok()).isTrue();
        assertThat(result.rowsChecked()).as("every acknowledged append, and nothing else").isEqualTo(acknowledged);
    }

    @Test
    void appendThroughputFromEightThreads() throws Exception {
        int perThread = Integer.getInteger("kortana.it.audit-rows", 5000) / 8;
        Instance instance = audit.instance("bench");
        AuditFixture.appendConcurrently(8, 1, thread -> instance.log()); // warm-up: JIT, pool, first key use

        long started = System.nanoTime();
        AuditFixture.appendConcurrently(8, perThread, thread -> instance.log());
        double appendSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        AuditVerification result = audit.verifier(instance).verify();
        double verifySeconds = (System.nanoTime() - started) / 1e9;

        assertThat(result.ok()).isTrue();
        System.out.printf("AUDIT THROUGHPUT: %d appends from 8 threads in %.2f s = %.0f entries/s;"
                        + " verified %d rows in %.2f s = %.0f rows/s on %d cores%n", 8 * perThread, appendSeconds,
                8 * perThread / appendSeconds, result.rowsChecked(), verifySeconds, result.rowsChecked() / verifySeconds,
                Runtime.getRuntime().availableProcessors());
    }

    private static void assertBroken(AuditVerification result, long seq, Kind kind, String problem) {
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBroken()).isEqualTo(new AuditVerification.Break(seq, kind, problem));
    }
}
