package dev.kortana.processors.store;

import java.sql.SQLException;

/**
 * The database cannot be reached or is not taking work right now (connection lost, shutting down, out of
 * resources, pool timeout). The work is intact; it can continue once the database is back.
 */
public class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(SQLException cause) {
        super(cause);
    }
}
