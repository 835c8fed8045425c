package dev.kortana.processors.tools;

/**
 * How a step's call went.
 *
 * @param result   what the tool returned (or, when reused, what it returned the first time)
 * @param attempts tries made now (0 when the ledger answered)
 * @param reused   whether the ledger held a completed call, so the tool was not called again
 * @param key      the ledger key, or null for an idempotent call
 */
public record ToolInvocation(ToolResult result, int attempts, boolean reused, String key) {}
