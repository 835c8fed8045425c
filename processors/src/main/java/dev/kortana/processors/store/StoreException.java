package dev.kortana.processors.store;

import java.sql.SQLException;

/** A database call failed; usually transient (connection lost, server restarting), so the pipeline retries it. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
