package dev.kortana.processors.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads an HTTP response body up to a size limit and a deadline. The client's request timeout covers the headers
 * only; a slow body must not hold a worker forever either.
 */
class ResponseBodyReader {

    private static final ExecutorService BODY_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-tool-body");
        t.setDaemon(true);
        return t;
    });

    private final int maxBytes;

    ResponseBodyReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * At most {@code maxBytes + 1} bytes, so the caller can tell a cut body from one that fits. A body that is late
     * or cut off is a {@link TransientToolFailure} whose outcome is unknown: the server already answered.
     */
    byte[] read(InputStream body, long deadlineNanos, Duration budget, String host) throws InterruptedException {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (body) {
                return body.readNBytes(maxBytes + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, BODY_READERS);
        try {
            return read.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeQuietly(body); // aborts the read and the connection
            throw new TransientToolFailure("response body from " + host + " not complete within " + budget.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            throw new TransientToolFailure("response body from " + host + " cut off: " + cause, false, cause);
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the read is abandoned either way
        }
    }
}
