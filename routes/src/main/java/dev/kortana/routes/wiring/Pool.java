package dev.kortana.routes.wiring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kortana.routes.Settings;

/** The connection pool, to the configured PostgreSQL or to an embedded one under the data dir; closed on stop. */
final class Pool {

    private Pool() {}

    static HikariDataSource open(Settings settings, Resources resources) throws Exception {
        HikariConfig config = new HikariConfig();
        if (settings.dbUrl().isBlank()) {
            EmbeddedDatabase embedded = EmbeddedDatabase.start(settings.dataDir());
            resources.closeOnStop(embedded);
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
        } else {
            config.setJdbcUrl(settings.dbUrl());
            config.setUsername(settings.dbUser());
            config.setPassword(settings.dbPassword());
        }
        config.setSchema(settings.dbSchema());
        config.setMaximumPoolSize(settings.dbPoolSize());
        config.setPoolName("kortana");
        config.setInitializationFailTimeout(30_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        resources.closeOnStop(dataSource);
        return dataSource;
    }
}
