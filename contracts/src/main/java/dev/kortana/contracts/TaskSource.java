package dev.kortana.contracts;

import java.util.Objects;

/**
 * Where a task came from and how to answer it.
 *
 * @param channel     the ingestion channel
 * @param reference   channel-specific origin: file name, Kafka topic-partition-offset, HTTP client address
 * @param replyKey    key to publish the outcome under (the Kafka record key), or null to use the task id
 * @param traceParent the W3C {@code traceparent} of the span that accepted the task, kept so that every later run of
 *                    it (after a park, a put-aside or a crash, on any instance) continues the same trace; null when
 *                    tracing was off
 */
public record TaskSource(Channel channel, String reference, String replyKey, String traceParent) {

    public TaskSource {
        Objects.requireNonNull(channel, "channel");
    }

    public TaskSource(Channel channel, String reference, String replyKey) {
        this(channel, reference, replyKey, null);
    }

    /** This source, continuing the trace {@code traceParent}. */
    public TaskSource withTraceParent(String traceParent) {
        return new TaskSource(channel, reference, replyKey, traceParent);
    }
}
