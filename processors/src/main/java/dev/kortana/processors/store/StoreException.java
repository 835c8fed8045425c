package dev.kortana.processors.store;

import java.sql.SQLException;

/** A database call failed. {@link #of} tells apart bad data, an unreachable database, and anything else. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** Classifies by SQLState, so callers can decide between rejecting, waiting and retrying. */
    public static StoreException of(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            return new DataRejectedException(e);
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || state.startsWith("58")
                || e instanceof java.sql.SQLTransientException || e instanceof java.sql.SQLRecoverableException) {
            return new StoreUnavailableException(e);
        }
        return new StoreException(e);
    }
}
