package dev.kortana.routes.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kortana.contracts.Json;
import dev.kortana.processors.observe.Heartbeats;
import dev.kortana.processors.store.HeartbeatStore;
import org.apache.camel.Exchange;

/**
 * {@code GET /api/heartbeats} (admin): every instance's components as their last beat said, how long ago, and the
 * open alerts (a component failing, or an instance that stopped beating).
 */
public class HeartbeatsApi {

    private final Heartbeats heartbeats;

    public HeartbeatsApi(Heartbeats heartbeats) {
        this.heartbeats = heartbeats;
    }

    public void cluster(Exchange exchange) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("node", heartbeats.node());
        body.put("intervalMs", heartbeats.interval().toMillis());
        body.put("databaseOk", heartbeats.databaseOk());
        ArrayNode alerts = body.putArray("alerts");
        heartbeats.alerts().forEach(a -> alerts.addObject().put("node", a.node()).put("component", a.component())
                .put("problem", a.problem()));
        ArrayNode components = body.putArray("components");
        if (heartbeats.databaseOk()) {
            for (HeartbeatStore.Row row : heartbeats.cluster()) {
                ObjectNode item = components.addObject();
                item.put("node", row.node());
                item.put("component", row.component());
                item.put("ok", row.ok());
                item.put("detail", row.detail());
                item.put("beatAt", row.beatAt().toString());
                item.put("ageMs", row.age().toMillis());
            }
        }
        JsonAnswer.write(exchange, 200, body);
    }
}
