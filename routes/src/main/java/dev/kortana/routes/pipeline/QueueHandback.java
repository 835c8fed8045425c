package dev.kortana.routes.pipeline;

import dev.kortana.processors.pipeline.Leases;
import dev.kortana.routes.Endpoints;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A graceful stop (SIGTERM) takes the tasks waiting in the pipeline queue out of it as it begins and lets go of their
 * leases, so the other instances' sweepers run them at once; this instance only finishes the tasks it is running. What
 * intake queues in the moment before its consumers stop is dropped by the queue itself ({@code purgeWhenStopping}) and
 * let go with every other lease when the store closes.
 */
public final class QueueHandback extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(QueueHandback.class);

    private final CamelContext context;
    private final Leases leases;

    public QueueHandback(CamelContext context, Leases leases) {
        this.context = context;
        this.leases = leases;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Endpoint endpoint = context.getEndpoint(Endpoints.PIPELINE);
        if (!(endpoint instanceof SedaEndpoint queue)) {
            return; // a queue of another kind: its tasks are let go with every other lease when the store closes
        }
        List<Exchange> waiting = new ArrayList<>();
        queue.getQueue().drainTo(waiting);
        List<String> taskIds = waiting.stream().map(e -> e.getMessage().getBody(String.class)).toList();
        try {
            LOG.info("Stopping: handed {} queued tasks back for another instance; finishing the running ones",
                    leases.handBack(taskIds));
        } catch (RuntimeException e) {
            LOG.warn("Stopping: could not hand back {} queued tasks; they are let go when the store closes: {}",
                    taskIds.size(), e.getMessage());
        }
    }
}
