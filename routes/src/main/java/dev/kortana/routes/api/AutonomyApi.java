package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.intake.ContractViolation;
import dev.kortana.processors.metrics.AutonomyMetrics;
import dev.kortana.routes.access.ApiAccess;
import dev.kortana.routes.access.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/metrics/autonomy?window=24h&by=channel&tenant=T}: how autonomous Kor'tana was over the tasks created
 * in the window that have ended ({@link AutonomyMetrics}). A key sees its own tenant; a key of every tenant sees all of
 * them or names one.
 */
public class AutonomyApi {

    private static final Pattern WINDOW = Pattern.compile("(\\d{1,6})(m|h|d)");
    private static final Duration MAX_WINDOW = Duration.ofDays(400);

    private final AutonomyMetrics metrics;
    private final Clock clock;

    public AutonomyApi(AutonomyMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    public void autonomy(Exchange exchange) {
        Principal who = ApiAccess.principal(exchange);
        String asked = exchange.getMessage().getHeader("tenant", String.class);
        String tenant;
        if (who.seesTenant("*") && who.ownTenant() == null) {
            tenant = asked == null || asked.isBlank() ? null : asked.trim();
        } else {
            if (asked != null && !asked.isBlank() && !who.seesTenant(asked.trim())) {
                throw new ApiAccess.Denied(403, "your key sees tenant " + who.tenant() + " only; leave tenant out");
            }
            tenant = who.tenant();
        }
        Duration window = window(exchange.getMessage().getHeader("window", "24h", String.class));
        String by = exchange.getMessage().getHeader("by", String.class);
        if (by != null && !AutonomyMetrics.GROUPS.contains(by)) {
            throw ContractViolation.of("by", "'" + by + "' is not a grouping", "use one of " + AutonomyMetrics.GROUPS
                    + ", or leave it out for one figure");
        }
        Instant to = clock.instant();
        Instant from = to.minus(window);
        Map<String, AutonomyMetrics.Figures> groups = metrics.compute(from, to, tenant, by);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putObject("window").put("from", from.toString()).put("to", to.toString());
        body.put("tenant", tenant == null ? "*" : tenant);
        if (by == null) {
            body.setAll(groups.getOrDefault("all", new AutonomyMetrics.Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).toJson());
        } else {
            body.put("by", by);
            ObjectNode items = body.putObject("groups");
            groups.forEach((name, figures) -> items.set(name, figures.toJson()));
        }
        AutonomyMetrics.Freshness fresh = metrics.freshness(from, to, tenant);
        ObjectNode freshness = body.putObject("knowledgeFreshness");
        freshness.put("factsStored", fresh.facts());
        freshness.put("p50Ms", fresh.p50Ms() == null ? null : Math.round(fresh.p50Ms()));
        freshness.put("p95Ms", fresh.p95Ms() == null ? null : Math.round(fresh.p95Ms()));
        freshness.put("maxMs", fresh.maxMs());
        ObjectNode confidence = body.putObject("deploymentConfidence");
        metrics.lastSmoke(from, to, tenant).ifPresentOrElse(smoke -> confidence.put("lastSmokeAt", smoke.at().toString())
                .put("smokeDurationMs", smoke.durationMs()).put("smokePassed", smoke.passed()),
                () -> confidence.put("note", "no ./kortana smoke ran in this window"));
        JsonAnswer.write(exchange, 200, body);
    }

    private static Duration window(String text) {
        Matcher m = WINDOW.matcher(text.trim().toLowerCase(Locale.ROOT));
        Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (d == null || d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
            throw ContractViolation.of("window", "'" + text + "' is not a window", "write it like 90m, 24h or 30d (at most 400d)");
        }
        return d;
    }
}
