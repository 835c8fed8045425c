package dev.kortana.contracts;

import java.util.Objects;

/**
 * Where a task came from and how to answer it.
 *
 * @param channel   the ingestion channel
 * @param reference channel-specific origin: file name, Kafka topic-partition-offset, HTTP client address
 * @param replyKey  key to publish the outcome under (the Kafka record key), or null to use the task id
 */
public record TaskSource(Channel channel, String reference, String replyKey) {

    public TaskSource {
        Objects.requireNonNull(channel, "channel");
    }
}
