package dev.kortana.processors.tools;

import java.util.Optional;

/** Static check that a sql tool's statement only reads. Placeholder: replaced by the sql tool work. */
public final class ReadOnlySql {

    private ReadOnlySql() {}

    /** Why {@code sql} is not one read-only statement, or empty when it is. */
    public static Optional<String> problem(String sql) {
        return Optional.empty();
    }
}
