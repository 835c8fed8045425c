package dev.kortana.it;

import dev.kortana.processors.store.Database;
import dev.kortana.processors.store.Migrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/** Direct access to a test schema: to set up a crashed worker's state, and to check what happened. */
final class TestStore {

    private TestStore() {}

    static Database migrated(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabase.url());
        ds.setCurrentSchema(schema);
        Migrations.migrate(ds, schema);
        return new Database(ds);
    }

    static List<String> rows(String schema, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url())) {
            c.createStatement().execute("SET search_path TO " + schema);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    static long count(String schema, String sql) throws Exception {
        return Long.parseLong(rows(schema, sql).get(0));
    }
}
