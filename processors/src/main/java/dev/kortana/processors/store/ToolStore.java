package dev.kortana.processors.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Tools registered at run time, in the {@code tools} table that every instance reads. */
public class ToolStore {

    /** One registration as stored. */
    public record Registration(String name, JsonNode spec, String registeredBy) {}

    private final Database db;

    public ToolStore(Database db) {
        this.db = db;
    }

    public List<Registration> all() {
        return db.query("SELECT name, spec, registered_by FROM tools ORDER BY name",
                rs -> new Registration(rs.getString("name"), TaskStore.readTree(rs.getString("spec")), rs.getString("registered_by")));
    }

    /** Stores a new registration or replaces one; returns true when the name was new. */
    public boolean put(String name, JsonNode spec, String registeredBy) {
        return db.queryOne("INSERT INTO tools (name, spec, registered_by) VALUES (?, CAST(? AS jsonb), ?)"
                        + " ON CONFLICT (name) DO UPDATE SET spec = EXCLUDED.spec, registered_by = EXCLUDED.registered_by,"
                        + " registered_at = now() RETURNING (xmax = 0) AS inserted",
                rs -> rs.getBoolean("inserted"), name, spec.toString(), registeredBy).orElse(false);
    }
}
