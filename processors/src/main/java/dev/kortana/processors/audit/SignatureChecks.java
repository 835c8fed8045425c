package dev.kortana.processors.audit;

import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies row signatures on all cores while the chain walk reads on (Ed25519 verification, not reading, is what
 * takes the time), in chunks of {@value #CHUNK} rows, and remembers the lowest row whose signature fails. At most
 * two chunks per thread wait in memory, so a log of any length can be checked.
 */
final class SignatureChecks implements AutoCloseable {

    static final int CHUNK = 1000;

    /**
     * A row's claim: this key signed this hash, which covers every row back to the genesis.
     *
     * @param signedBefore the seq of the signed row before it, 0 when it is the first
     */
    record Signed(long seq, long signedBefore, String keyId, PublicKey key, String hash, String signature) {}

    private final ExecutorService pool;
    private final Semaphore chunksInFlight;
    private final List<Future<?>> submitted = new ArrayList<>();
    private final AtomicReference<Signed> firstFailure = new AtomicReference<>();
    private List<Signed> chunk = new ArrayList<>(CHUNK);

    SignatureChecks(int threads) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "audit-verify");
            thread.setDaemon(true);
            return thread;
        });
        this.chunksInFlight = new Semaphore(2 * threads);
    }

    void add(Signed row) {
        chunk.add(row);
        if (chunk.size() == CHUNK) {
            submit();
        }
    }

    /** Waits for every check; the row with the lowest seq whose signature does not verify, if any. */
    Optional<Signed> firstFailure() {
        if (!chunk.isEmpty()) {
            submit();
        }
        for (Future<?> check : submitted) {
            try {
                check.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying audit signatures");
            } catch (ExecutionException e) {
                throw new IllegalStateException("verifying audit signatures failed", e.getCause());
            }
        }
        return Optional.ofNullable(firstFailure.get());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private void submit() {
        List<Signed> rows = chunk;
        chunk = new ArrayList<>(CHUNK);
        try {
            chunksInFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while verifying audit signatures");
        }
        submitted.add(pool.submit(() -> {
            try {
                check(rows);
            } finally {
                chunksInFlight.release();
            }
        }));
    }

    private void check(List<Signed> rows) {
        Signature engine = Ed25519Keys.engine();
        for (Signed row : rows) {
            if (!Ed25519Keys.verifies(engine, row.key(), row.hash(), row.signature())) {
                firstFailure.accumulateAndGet(row, (a, b) -> a == null || b.seq() < a.seq() ? b : a);
                return; // rows are in seq order: the rest of this chunk cannot fail lower
            }
        }
    }
}
