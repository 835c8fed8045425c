package dev.kortana.routes.wiring;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what Kor'tana opened (connection pool, embedded database) when Camel stops, newest first. */
final class Resources extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    synchronized void closeOnStop(AutoCloseable resource) {
        open.push(resource);
    }

    @Override
    protected synchronized void doStop() {
        while (!open.isEmpty()) {
            AutoCloseable resource = open.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
