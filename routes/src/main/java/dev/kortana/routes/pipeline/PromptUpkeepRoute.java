package dev.kortana.routes.pipeline;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * Prompt versions on timers: every instance re-reads which versions are live (another instance may have approved or
 * rolled back one), and the failure-pattern rules propose variants, which then wait for a person.
 */
public class PromptUpkeepRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:prompt-refresh?period={{kortana.prompts.refresh-ms}}&delay={{kortana.prompts.refresh-ms}}")
                .routeId("prompt-refresh")
                .bean("promptBook", "refresh");

        from("timer:prompt-rules?period={{kortana.prompts.rules-ms}}&delay={{kortana.prompts.rules-ms}}")
                .routeId("prompt-rules")
                .bean("promptReviews", "proposeByRule")
                .filter(simple("${body} > 0"))
                    .log(LoggingLevel.WARN, "Proposed ${body} prompt variants from failure patterns; they wait for a"
                            + " decision (GET /api/approvals)")
                .end();
    }
}
