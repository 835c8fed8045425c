package dev.kortana.processors.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the Flyway migrations in {@code db/migration}. */
public final class Migrations {

    private Migrations() {}

    /** Applies pending migrations and returns how many ran. */
    public static int migrate(DataSource dataSource, String schema) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (schema != null && !schema.isBlank()) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        return config.load().migrate().migrationsExecuted;
    }
}
