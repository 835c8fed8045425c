package dev.kortana.routes.observe;

import dev.kortana.processors.observe.Heartbeats;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness from the heartbeat: not ready while this instance's beat cannot reach the database (it could accept no
 * task), ready again at the first beat that does. {@code /observe/health/ready} shows it as {@code kortana-database}.
 */
public class HeartbeatHealth extends AbstractHealthCheck {

    private final Heartbeats heartbeats;

    public HeartbeatHealth(Heartbeats heartbeats) {
        super("kortana", "kortana-database");
        this.heartbeats = heartbeats;
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage is no reason to restart the process
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (heartbeats.databaseOk()) {
            builder.up();
        } else {
            builder.message("the heartbeat cannot be written to the database: " + heartbeats.databaseProblem()).down();
        }
    }
}
