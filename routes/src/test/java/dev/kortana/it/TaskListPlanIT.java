package dev.kortana.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kortana.contracts.AgentTask;
import dev.kortana.contracts.Channel;
import dev.kortana.contracts.TaskSource;
import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.TaskStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task list (GET /api/tasks, newest first) reads an index, not the table: a soak found each list call reading and
 * sorting every task, slower the longer Kor'tana ran. Checked on PostgreSQL's own plan over 5,000 tasks.
 */
class TaskListPlanIT {

    final String schema = TestDatabase.newSchema();

    @AfterEach
    void drop() {
        TestDatabase.dropSchema(schema);
    }

    @Test
    void listingTheNewestTasksOfEveryTenantOrOfOneUsesAnIndex() {
        Database db = TestStore.migrated(schema);
        new TaskStore(db).accept(new AgentTask("t-0", "goal", "acme", null, null, null), "h", new TaskSource(Channel.HTTP, "api", null),
                "node", Duration.ofSeconds(30));
        db.inTransaction(s -> {
            s.update("INSERT INTO tasks SELECT (jsonb_populate_record(t, jsonb_build_object('id', t.id || '-' || g,"
                    + " 'client_id', t.client_id || '-' || g, 'tenant', CASE WHEN g % 2 = 0 THEN 'acme' ELSE 'globex' END,"
                    + " 'created_at', now() - g * interval '1 second'))).* FROM tasks t, generate_series(1, 5000) g");
            return s.update("ANALYZE tasks");
        });

        for (String sql : List.of("SELECT * FROM tasks ORDER BY created_at DESC LIMIT 64",
                "SELECT * FROM tasks WHERE tenant = 'acme' ORDER BY created_at DESC LIMIT 64")) {
            String plan = String.join("\n", db.query("EXPLAIN " + sql, rs -> rs.getString(1)));
            assertThat(plan).as(sql).contains("Index Scan").doesNotContain("Seq Scan on tasks");
        }
    }
}
