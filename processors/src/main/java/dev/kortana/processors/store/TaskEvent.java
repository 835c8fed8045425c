package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One row of a task's history.
 *
 * @param seq    global order
 * @param kind   {@code status} for lifecycle transitions; {@code step}, {@code policy}, {@code memory}, {@code error}
 * @param name   the transition or happening, e.g. {@code EXECUTING}, {@code STEP_COMPLETED}
 * @param status the task's status after the event
 * @param detail structured detail
 * @param node   the worker that wrote it
 * @param at     when
 */
public record TaskEvent(long seq, String kind, String name, String status, JsonNode detail, String node, Instant at) {}
