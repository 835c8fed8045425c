package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.model.ModelCatalog;
import dev.kortana.processors.model.ModelRouter;
import dev.kortana.processors.model.ModelSpec;
import dev.kortana.processors.model.ModelStats;
import dev.kortana.processors.store.SpendStore;
import dev.kortana.routes.model.ModelBreakers;
import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /api/models}: the catalog with live health. Circuit state, latency and error rate are this instance's
 * view; today's calls and spend come from the database and so cover every instance. API keys are never shown, only
 * the name of the variable that holds each one.
 */
public class ModelsApi {

    private final ModelCatalog catalog;
    private final ModelRouter router;
    private final ModelBreakers breakers;
    private final SpendStore spend;

    public ModelsApi(ModelCatalog catalog, ModelRouter router, ModelBreakers breakers, SpendStore spend) {
        this.catalog = catalog;
        this.router = router;
        this.breakers = breakers;
        this.spend = spend;
    }

    public void models(Exchange exchange) {
        Map<String, SpendStore.ModelSpend> today = spend.todayByModel().stream()
                .collect(Collectors.toMap(SpendStore.ModelSpend::model, Function.identity()));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode models = body.putArray("models");
        for (ModelSpec m : catalog.all()) {
            ObjectNode node = models.addObject();
            node.put("name", m.name()).put("provider", m.provider()).put("model", m.model());
            node.put("endpoint", m.endpoint() == null ? null : m.endpoint().replaceFirst("\\?.*$", ""));
            node.put("apiKeyEnv", m.apiKeyEnv());
            node.set("headers", Json.MAPPER.valueToTree(m.headers())); // header → variable name; never the value
            node.put("region", m.region());
            node.set("compliance", Json.MAPPER.valueToTree(m.compliance()));
            node.set("capabilities", Json.MAPPER.valueToTree(m.capabilities()));
            node.put("pricePer1kInputUsd", m.pricePer1kInput()).put("pricePer1kOutputUsd", m.pricePer1kOutput());
            node.put("contextWindow", m.contextWindow()).put("maxOutputTokens", m.maxOutputTokens())
                    .put("timeoutMs", m.timeoutMs()).put("maxConcurrency", m.maxConcurrency());
            ModelStats.Snapshot stats = router.stats(m.name()).snapshot();
            ObjectNode health = node.putObject("health");
            health.put("circuit", breakers.state(m.name()));
            health.put("circuitOpenedBy", breakers.openedBy(m.name()));
            health.put("latencyEwmaMs", stats.latencyEwmaMs() < 0 ? null : Math.round(stats.latencyEwmaMs() * 10) / 10.0);
            health.put("calls", stats.calls()).put("failures", stats.failures())
                    .put("errorRate", Math.round(stats.errorRate() * 1000) / 1000.0)
                    .put("inFlight", stats.inFlight()).put("lastError", stats.lastError());
            // A rejected key or an unknown model name shows until the model answers again or the catalog changes.
            health.put("misconfigured", stats.misconfigured() != null);
            if (stats.misconfigured() != null) {
                health.put("misconfiguredBecause", stats.misconfigured());
            }
            SpendStore.ModelSpend spent = today.get(m.name());
            ObjectNode day = node.putObject("today");
            day.put("calls", spent == null ? 0 : spent.calls()).put("failures", spent == null ? 0 : spent.failures())
                    .put("costUsd", spent == null ? BigDecimal.ZERO : new BigDecimal(spent.costUsd().stripTrailingZeros().toPlainString()));
        }
        body.set("routing", Json.MAPPER.valueToTree(catalog.routing()));
        body.set("budgets", Json.MAPPER.valueToTree(catalog.budgets()));
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body.toString());
    }
}
