package dev.kortana.processors.store;

import java.sql.SQLException;

/**
 * PostgreSQL refused the data itself (SQLState classes 22 and 23: a NUL character, a value out of range, a broken
 * constraint). Trying again cannot help.
 */
public class DataRejectedException extends StoreException {

    public DataRejectedException(SQLException cause) {
        super(cause);
    }
}
