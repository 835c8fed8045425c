package dev.kortana.routes.tools;

import dev.kortana.processors.pipeline.ExecutionCaps;
import dev.kortana.processors.tools.Patience;
import dev.kortana.processors.tools.ToolBreakers;
import dev.kortana.routes.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Settings of tool execution ({@code kortana.tools.*}, {@code kortana.caps.*}); see docs/CONFIGURATION.md.
 *
 * @param parallelism     steps of one instance that may run at the same time
 * @param refresh         how soon tools registered on another instance are seen
 * @param apiRouteSchemes endpoint schemes a route tool registered through the API may use
 * @param sqlMaxRows      rows a sql tool returns at most
 * @param caps            hard limits per task
 * @param patience        how long a task waits for a tool that is down, unless the tool sets its own
 * @param breaker         the tools' circuit breakers
 */
public record ToolSettings(int parallelism, Duration refresh, Set<String> apiRouteSchemes, int sqlMaxRows,
        ExecutionCaps caps, Duration patience, ToolBreakers.Settings breaker) {

    public static ToolSettings from(CamelContext context) {
        PropertiesComponent p = context.getPropertiesComponent();
        ToolSettings settings = new ToolSettings(
                (int) Settings.number(p, "kortana.tools.parallelism", "8"),
                Duration.ofMillis(Settings.number(p, "kortana.tools.refresh-ms", "5000")),
                Arrays.stream(p.resolveProperty("kortana.tools.route.api-schemes").orElse("direct,seda").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                (int) Settings.number(p, "kortana.tools.sql.max-rows", "1000"),
                new ExecutionCaps((int) Settings.number(p, "kortana.caps.max-steps", "25"),
                        (int) Settings.number(p, "kortana.caps.max-tool-calls", "100"),
                        Duration.ofMillis(Settings.number(p, "kortana.caps.max-run-ms", "900000"))),
                Patience.parse(p.resolveProperty("kortana.tools.patience").orElse("30m"), "kortana.tools.patience"),
                new ToolBreakers.Settings((int) Settings.number(p, "kortana.tools.breaker.failure-rate-percent", "50"),
                        (int) Settings.number(p, "kortana.tools.breaker.minimum-calls", "5"),
                        (int) Settings.number(p, "kortana.tools.breaker.window", "20"),
                        Duration.ofMillis(Settings.number(p, "kortana.tools.breaker.cooldown-ms", "10000")),
                        (int) Settings.number(p, "kortana.tools.breaker.half-open-calls", "1")));
        settings.validate();
        return settings;
    }

    private void validate() {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("kortana.tools.parallelism=" + parallelism + " must be from 1 to 256");
        }
        if (caps.maxSteps() < 1 || caps.maxToolCalls() < 1 || caps.maxRunTime().isNegative() || caps.maxRunTime().isZero()) {
            throw new IllegalArgumentException("kortana.caps.max-steps, max-tool-calls and max-run-ms must be positive");
        }
        if (breaker.failureRatePercent() < 1 || breaker.failureRatePercent() > 100) {
            throw new IllegalArgumentException("kortana.tools.breaker.failure-rate-percent=" + breaker.failureRatePercent()
                    + " must be from 1 to 100");
        }
        if (breaker.minimumCalls() < 1 || breaker.halfOpenCalls() < 1) {
            throw new IllegalArgumentException("kortana.tools.breaker.minimum-calls=" + breaker.minimumCalls()
                    + " and half-open-calls=" + breaker.halfOpenCalls() + " must both be at least 1");
        }
        if (breaker.window() < breaker.minimumCalls()) {
            throw new IllegalArgumentException("kortana.tools.breaker.window=" + breaker.window()
                    + " must be at least kortana.tools.breaker.minimum-calls=" + breaker.minimumCalls());
        }
        if (breaker.cooldown().toMillis() < 100) {
            throw new IllegalArgumentException("kortana.tools.breaker.cooldown-ms=" + breaker.cooldown().toMillis()
                    + " must be at least 100");
        }
    }
}
