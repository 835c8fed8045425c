package dev.kortana.routes.ingest;

import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.intake.TaskIds;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * File channel: one task per {@code <inbox>/*.json} ({@code kortana.inbox.dir}, by default {@code <data-dir>/inbox}). A
 * file is read only once this instance claimed it in the store ({@link InboxClaims}: instances sharing the folder read
 * each file once) and it stopped changing (read lock), moved to {@code inbox/.done/} once the task is stored, or to
 * {@code inbox/.error/} beside a {@code <name>.error.json} naming each problem; then the claim is let go. When the store
 * is down the file stays in the inbox and is tried again.
 * A name it could not move or record, and a dangling link, {@code inbox-sweep} moves to {@code .error/} under a safe
 * name ({@link InboxSweep}); other files are listed once and left.
 */
public class FileIngestRoute extends RouteBuilder {

    @Override
    public void configure() {
        onException(ContractViolation.class)
                .handled(true)
                .setProperty(Headers.INBOX_FOLDER, constant(".error"))
                .bean("inboxRejections", "write")
                .log(LoggingLevel.WARN, "Rejected inbox/${header.CamelFileName}: ${exception.message}");

        from("file:" + Settings.inbox(getContext().getPropertiesComponent())
                        + "?include=RAW((?i).*\\.json)" // any case; files starting with a dot are skipped by Camel
                        // claimed by name (the folder may be mounted elsewhere on another host); let go after the move
                        + "&readLock=idempotent-changed&idempotentRepository=#inboxClaims&idempotentKey=${file:name}"
                        + "&readLockRemoveOnCommit=true&readLockRemoveOnRollback=true"
                        + "&readLockCheckInterval={{kortana.inbox.read-lock-check-ms}}"
                        + "&readLockMinAge={{kortana.inbox.read-lock-min-age-ms}}&readLockMinLength=0"
                        + "&initialDelay=100&delay={{kortana.inbox.poll-ms}}" // readiness waits for the first poll
                        + "&filter=#inboxNames" // names it could not move or record are left to inbox-sweep
                        + "&move=${exchangeProperty." + Headers.INBOX_FOLDER + "}/${file:name}")
                .routeId("ingest-file")
                .setProperty(Headers.INBOX_FOLDER, constant(".done"))
                .convertBodyTo(byte[].class)
                .setHeader(Headers.CHANNEL, constant("FILE"))
                .setHeader(Headers.SOURCE_REF, header(Exchange.FILE_NAME))
                .setHeader(Headers.FALLBACK_ID, method(FileIngestRoute.class, "fallbackId"))
                .to(Endpoints.INTAKE)
                .log("Accepted inbox/${header.CamelFileName} as task ${body.taskId()} (${body.kind()})");

        from("timer:inbox-sweep?delay=100&period={{kortana.inbox.poll-ms}}")
                .routeId("inbox-sweep")
                .bean("inboxSweep", "sweep");

        // A claim lives as long as a lease unless renewed: the claims of an instance that died run out with its leases.
        from("timer:inbox-claims?period={{kortana.lease.heartbeat-ms}}")
                .routeId("inbox-claims")
                .bean("inboxClaims", "renew");
    }

    /** Same name and content, same task: a file re-read after a crash is not a second task. */
    public static String fallbackId(Exchange exchange) {
        return TaskIds.forFile(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class),
                exchange.getMessage().getBody(byte[].class));
    }
}
