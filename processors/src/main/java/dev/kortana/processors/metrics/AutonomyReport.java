package dev.kortana.processors.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The daily autonomy audit: for one UTC day, the {@link AutonomyMetrics} of every tenant together, by tenant and by
 * channel, as JSON and as Markdown under {@code <data-dir>/reports} ({@code autonomy-YYYY-MM-DD.json} and {@code .md}).
 * The first instance to report a day records it in {@code autonomy_reports}; the others find the row and write
 * nothing, so a day is reported once in a cluster. Reports older than {@link #KEEP_DAYS} days go, files and rows.
 */
public class AutonomyReport {

    public static final int KEEP_DAYS = 400;

    private final AutonomyMetrics metrics;
    private final Database db;
    private final Path dir;
    private final String node;
    private final Clock clock;

    public AutonomyReport(AutonomyMetrics metrics, Database db, Path dir, String node, Clock clock) {
        this.metrics = metrics;
        this.db = db;
        this.dir = dir;
        this.node = node;
        this.clock = clock;
    }

    /** Reports yesterday (UTC) unless some instance has; returns the JSON report when this call made it. */
    public String reportYesterday() {
        return report(LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1)).orElse(null);
    }

    /** Reports {@code day} unless some instance has; the JSON report when this call made it. */
    public Optional<String> report(LocalDate day) {
        if (db.queryOne("SELECT 1 FROM autonomy_reports WHERE day = ?", rs -> true, java.sql.Date.valueOf(day)).isPresent()) {
            return Optional.empty(); // reported already, here or on another instance: nothing to compute
        }
        var from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        var to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, AutonomyMetrics.Figures> all = metrics.compute(from, to, null, null);
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("day", day.toString());
        report.put("from", from.toString()).put("to", to.toString()).put("generatedAt", clock.instant().toString()).put("node", node);
        report.set("overall", all.getOrDefault("all", empty()).toJson());
        // Left out of every figure: a task still waiting (for a person, say) when the report was written.
        report.put("stillOpen", metrics.stillOpen(from, to));
        ObjectNode byTenant = report.putObject("byTenant");
        metrics.compute(from, to, null, "tenant").forEach((tenant, f) -> byTenant.set(tenant, f.toJson()));
        ObjectNode byChannel = report.putObject("byChannel");
        metrics.compute(from, to, null, "channel").forEach((channel, f) -> byChannel.set(channel, f.toJson()));
        ObjectNode byDomain = report.putObject("byDomain");
        metrics.compute(from, to, null, "domain").forEach((domain, f) -> byDomain.set(domain, f.toJson()));
        AutonomyMetrics.Freshness fresh = metrics.freshness(from, to, null);
        report.putObject("knowledgeFreshness").put("factsStored", fresh.facts())
                .put("p50Ms", fresh.p50Ms() == null ? null : Math.round(fresh.p50Ms()))
                .put("p95Ms", fresh.p95Ms() == null ? null : Math.round(fresh.p95Ms())).put("maxMs", fresh.maxMs());
        // The files first: if they cannot be written, the day is not claimed and the next check tries again.
        write(dir.resolve("autonomy-" + day + ".json"), report.toPrettyString());
        write(dir.resolve("autonomy-" + day + ".md"), markdown(report));
        boolean mine = db.queryOne("INSERT INTO autonomy_reports (day, node, report) VALUES (?, ?, CAST(? AS jsonb))"
                + " ON CONFLICT (day) DO NOTHING RETURNING day", rs -> true, java.sql.Date.valueOf(day), node, report.toString())
                .isPresent();
        if (!mine) {
            return Optional.empty(); // another instance reported it at the same moment: it publishes
        }
        forgetBefore(day.minusDays(KEEP_DAYS));
        return Optional.of(report.toString());
    }

    /** The day a JSON report is of (the Kafka record's key). */
    public static String dayOf(String report) throws IOException {
        return Json.MAPPER.readTree(report).path("day").asText();
    }

    private void forgetBefore(LocalDate day) {
        db.update("DELETE FROM autonomy_reports WHERE day < ?", java.sql.Date.valueOf(day));
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().matches("autonomy-\\d{4}-\\d{2}-\\d{2}\\.(json|md)"))
                    .filter(f -> LocalDate.parse(f.getFileName().toString().substring(9, 19)).isBefore(day))
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String markdown(ObjectNode report) {
        StringBuilder md = new StringBuilder("# Autonomy report, ").append(report.path("day").asText()).append(" (UTC)\n\n");
        md.append("Tasks created that day that have ended, from every instance. Written by ").append(report.path("node").asText())
                .append(" at ").append(report.path("generatedAt").asText()).append("; ").append(report.path("stillOpen").asLong())
                .append(" task(s) of that day had not ended then and are not counted.\n\n");
        md.append("| | tasks | completed with no human action | Autonomy Index | incidents | healed | Self-Healing Coverage |")
                .append(" human actions | policy denials | reconciliations |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(md, "all", (ObjectNode) report.get("overall"));
        report.path("byTenant").fields().forEachRemaining(e -> row(md, "tenant " + e.getKey(), (ObjectNode) e.getValue()));
        report.path("byChannel").fields().forEachRemaining(e -> row(md, "channel " + e.getKey(), (ObjectNode) e.getValue()));
        report.path("byDomain").fields().forEachRemaining(e -> row(md, "domain " + e.getKey(), (ObjectNode) e.getValue()));
        JsonNode fresh = report.path("knowledgeFreshness");
        if (fresh.path("factsStored").asLong() > 0) {
            md.append("\nKnowledge Freshness: ").append(fresh.path("factsStored").asLong())
                    .append(" fact(s) stored, retrievable after ").append(fresh.path("p50Ms").asLong()).append(" ms (median), ")
                    .append(fresh.path("p95Ms").asLong()).append(" ms (95th percentile), ").append(fresh.path("maxMs").asLong())
                    .append(" ms at worst.\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, ObjectNode f) {
        md.append("| ").append(name).append(" | ").append(f.path("tasks").asLong()).append(" | ")
                .append(f.path("completedWithoutHumanAction").asLong()).append(" | ").append(percent(f, "autonomyIndex")).append(" | ")
                .append(f.path("incidents").asLong()).append(" | ").append(f.path("incidentsHealed").asLong()).append(" | ")
                .append(percent(f, "selfHealingCoverage")).append(" | ").append(f.path("humanActions").asLong()).append(" | ")
                .append(f.path("safetyIncidents").path("policyDenials").asLong()).append(" | ")
                .append(f.path("safetyIncidents").path("reconciliations").asLong()).append(" |\n");
    }

    private static String percent(ObjectNode f, String field) {
        return f.path(field).isNumber() ? String.format(java.util.Locale.ROOT, "%.1f %%", 100 * f.path(field).asDouble()) : "–";
    }

    private static AutonomyMetrics.Figures empty() {
        return new AutonomyMetrics.Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.writeString(file.resolveSibling("." + file.getFileName() + ".tmp"), text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
