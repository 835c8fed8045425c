package dev.kortana.routes.pipeline;

import dev.kortana.processors.pipeline.PermanentFailure;
import dev.kortana.processors.policy.RateLimited;
import dev.kortana.processors.store.DataRejectedException;
import dev.kortana.processors.store.LeaseLostException;
import dev.kortana.processors.store.StoreUnavailableException;
import dev.kortana.processors.tools.ToolRetriesExhausted;
import dev.kortana.routes.Endpoints;
import dev.kortana.routes.Headers;
import dev.kortana.routes.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error policy for the pipeline, in one place. Failures that retrying cannot fix end the task at once; anything
 * else is redelivered with exponential backoff and, when retries run out, goes to the dead-letter channel, which
 * stores it in {@code dead_letters} with the task and the exception. The ingestion routes handle contract
 * violations themselves, because each channel answers differently (problem+json, .error.json, a DLQ record).
 */
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    public static final String PIPELINE = "pipeline-errors";

    @Override
    public void configuration() {
        var pipeline = routeConfiguration(PIPELINE);
        pipeline.errorHandler(deadLetterChannel(Endpoints.DEAD_LETTER)
                        .maximumRedeliveries((int) number("kortana.retry.max-redeliveries"))
                        .redeliveryDelay(number("kortana.retry.initial-delay-ms"))
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .maximumRedeliveryDelay(number("kortana.retry.max-delay-ms"))
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .onRedelivery(e -> e.setProperty(Headers.ATTEMPTS,
                                1 + e.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class)))
                        .logExhausted(true)
                        .logExhaustedMessageHistory(false));

        pipeline.onException(PermanentFailure.class)
                .handled(true)
                .to(Endpoints.FAIL_TASK);

        // The tool's own retry policy (and its patience, for a tool that is down) already ran: no more tries, a person
        // replays the dead letter. A call that may have taken effect parks its task instead (ExecuteStage).
        pipeline.onException(ToolRetriesExhausted.class)
                .maximumRedeliveries(0)
                .handled(true)
                .to(Endpoints.DEAD_LETTER);

        // A used-up rate limit: no retry now and no failure; the task is put aside until its next token is due.
        pipeline.onException(RateLimited.class)
                .maximumRedeliveries(0)
                .handled(true)
                .bean("taskDeferrals", "defer(${exchangeProperty." + Headers.RUN + "}, ${exchangeProperty."
                        + Exchange.EXCEPTION_CAUGHT + "})");

        pipeline.onException(DataRejectedException.class)
                .handled(true)
                .to(Endpoints.FAIL_TASK);

        // The database is away: retry a little, then stop without failing the task. Its lease runs out and the
        // sweeper (here or on another instance) resumes it from its checkpoints once the database is back.
        pipeline.onException(StoreUnavailableException.class)
                .maximumRedeliveries((int) number("kortana.retry.max-redeliveries"))
                .redeliveryDelay(number("kortana.retry.initial-delay-ms"))
                .useExponentialBackOff()
                .maximumRedeliveryDelay(number("kortana.retry.max-delay-ms"))
                .handled(true)
                .log(LoggingLevel.WARN, "Database unavailable; task ${exchangeProperty." + Headers.TASK_ID
                        + "} resumes when its lease runs out: ${exception.message}");

        pipeline.onException(LeaseLostException.class)
                .handled(true)
                .log(LoggingLevel.WARN, "Stopped ${exchangeProperty." + Headers.TASK_ID + "}: ${exception.message}");
    }

    private long number(String key) {
        return Settings.number(getContext().getPropertiesComponent(), key, "missing");
    }
}
