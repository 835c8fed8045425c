package dev.kortana.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The task a command names: its id, and with a key of every tenant (an admin's) the tenant it belongs to, since task
 * ids are per tenant. A tenant's own key needs no {@code --tenant}.
 */
final class TaskRef {

    @Parameters(index = "0", paramLabel = "TASK_ID", description = "the task's id, as its submitter gave or was given it")
    String taskId;

    @Option(names = "--tenant", paramLabel = "TENANT",
            description = "the task's tenant; needed with an admin key when several tenants use this id")
    String tenant;

    /** {@code prefix} + the id + {@code suffix}, with {@code ?tenant=} when one is named: e.g. /api/tasks/ID?tenant=acme. */
    String path(String prefix, String suffix) {
        return path(prefix, taskId, suffix, tenant);
    }

    /** As {@link #path(String, String)} for a command whose id is not only a task's (approve takes prompt ids too). */
    static String path(String prefix, String id, String suffix, String tenant) {
        String path = prefix + encode(id) + suffix;
        return tenant == null || tenant.isBlank() ? path : path + "?tenant=" + encode(tenant.trim());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
