package dev.kortana.processors.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Telemetry written after the fact (issue 17): the counters and call records no task waits for — model calls that
 * moved no money, tool metrics, memory and prompt use. Callers queue a write and go on; one writer thread runs what is
 * queued, from every task, in one transaction with {@code synchronous_commit = off}, when a task ends and asks for a
 * {@link #flush()}, or at the latest {@code delay} after the first queued write. A task that used to make eight or nine
 * small commits for its telemetry thus shares one.
 *
 * <p>Writes run in the order they were queued, so a prompt's use is recorded before the settlement that counts it. A
 * crash loses at most what was queued since the last batch, and a database crash what was committed in its last moments
 * — never a task, a step, a booked cost or an audit entry: those are written before they are acknowledged and never
 * come here. A full queue makes callers wait for room, so memory stays bounded. When a batch fails it is retried one
 * write at a time, so that one bad write loses only itself; with the database away the batch is dropped and logged.
 */
public final class WriteBehind implements AutoCloseable {

    /** A write: statements run inside the batch's transaction. */
    @FunctionalInterface
    public interface Write {
        void run(Database.Session session) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
    static final int MAX_BATCH = 500;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

    /** A request to write what is queued now; completed once it is written (or has failed). */
    private record Flush(CompletableFuture<Void> done) implements Write {
        @Override
        public void run(Database.Session session) {
            // nothing: its place in the queue is what matters
        }
    }

    private static final Write STOP = s -> { };

    private final Database db;
    private final BlockingQueue<Write> queue;
    private final long delayNanos;
    private final Thread writer;
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean closed;

    private WriteBehind(Database db, Duration delay, int capacity, boolean start) {
        this.db = db;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.delayNanos = delay.toNanos();
        this.writer = start ? new Thread(this::writeUntilStopped, "write-behind") : null;
        if (writer != null) {
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * Starts the writer thread; {@link #close()} writes what is queued and stops it.
     *
     * @param delay    the longest a write waits for others to share its commit
     * @param capacity writes that may wait at once; callers wait for room beyond it
     */
    public static WriteBehind start(Database db, Duration delay, int capacity) {
        if (delay.isNegative() || capacity < 1) {
            throw new IllegalArgumentException("a write-behind needs a delay of 0 or more and room for a write");
        }
        return new WriteBehind(db, delay, capacity, true);
    }

    /** No writing behind: each write runs at once, in a transaction of its own (tests, command-line tools). */
    public static WriteBehind direct(Database db) {
        return new WriteBehind(db, Duration.ZERO, 1, false);
    }

    /** Queues {@code write}; waits only when the queue is full. With the log closed, or direct, runs it at once. */
    public void submit(Write write) {
        if (writer == null || closed) {
            db.inTransaction(s -> {
                write.run(s);
                return null;
            });
            return;
        }
        try {
            queue.put(write);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing a telemetry write", e);
        }
        if (closed && !writer.isAlive()) { // closed while this was queued, and the writer is gone: it runs here
            runLeftovers(); // (while the writer lives, it or close() takes what is queued; STOP must stay for it)
        }
    }

    /**
     * Waits until every write queued before this call has been run (committed, or failed and logged), at most ten
     * seconds. What a task wrote behind is thus in the database when the task is seen ended.
     */
    public void flush() {
        if (writer == null || closed) {
            return;
        }
        Flush flush = new Flush(new CompletableFuture<>());
        long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
        try {
            if (!queue.offer(flush, FLUSH_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("Write-behind: the queue stayed full for {} s; going on without waiting for it", FLUSH_WAIT.toSeconds());
                return;
            }
            if (closed && !writer.isAlive()) {
                runLeftovers();
            }
            flush.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Write-behind: telemetry queued before this point was not written within {} s; going on", FLUSH_WAIT.toSeconds());
        }
    }

    /** After the writer stopped: runs what is still queued, each write in a transaction of its own. */
    private void runLeftovers() {
        List<Write> left = new ArrayList<>();
        queue.drainTo(left);
        left.remove(STOP);
        for (Write write : left) {
            write(List.of(write));
        }
    }

    /** Writes that were given up (a failed write, or a batch the database was away for), since the start. */
    public long lost() {
        return lost.get();
    }

    /** Writes what is queued, then stops the writer; later writes run at once. */
    @Override
    public void close() {
        if (writer == null || closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the writer goes on to STOP by itself; running what is queued here could overtake its batch
        }
        runLeftovers(); // what a caller queued while the writer stopped
    }

    private void writeUntilStopped() {
        List<Write> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            batch.clear();
            try {
                stopping = gather(batch);
            } catch (InterruptedException e) {
                // only close() stops the writer, so that nothing queued is left behind; what was gathered is written
            }
            write(batch);
        }
    }

    /** Takes the next writes: until a flush or stop, the batch is full, or the first has waited its delay. */
    private boolean gather(List<Write> batch) throws InterruptedException {
        Write next = queue.take();
        long deadline = System.nanoTime() + delayNanos;
        while (true) {
            if (next == STOP) {
                queue.drainTo(batch); // nothing is queued after STOP but what close() raced with
                batch.remove(STOP);
                return true;
            }
            batch.add(next);
            if (next instanceof Flush || batch.size() >= MAX_BATCH) {
                return false;
            }
            long left = deadline - System.nanoTime();
            next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return false;
            }
        }
    }

    private void write(List<Write> batch) {
        if (batch.stream().allMatch(w -> w instanceof Flush)) { // nothing to write: answer the flushes
            batch.forEach(w -> ((Flush) w).done().complete(null));
            return;
        }
        try {
            runAll(batch);
        } catch (StoreUnavailableException e) {
            long writes = batch.stream().filter(w -> !(w instanceof Flush)).count();
            lost.addAndGet(writes);
            LOG.error("Write-behind: {} telemetry writes lost, the database is away: {}", writes, e.getMessage());
        } catch (RuntimeException | Error e) { // one bad write: the others are run again, each on its own
            for (Write write : batch) {
                try {
                    runAll(List.of(write));
                } catch (RuntimeException | Error single) { // the writer thread must outlive any write
                    lost.incrementAndGet();
                    LOG.error("Write-behind: a telemetry write was lost: {}", single.toString());
                }
            }
        } finally {
            for (Write write : batch) {
                if (write instanceof Flush flush) {
                    flush.done().complete(null);
                }
            }
        }
    }

    private void runAll(List<Write> writes) {
        db.inTransaction(s -> {
            s.update("SET LOCAL synchronous_commit = off");
            for (Write write : writes) {
                write.run(s);
            }
            return null;
        });
    }
}
