package dev.kortana.processors.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server settings Kor'tana relies on without owning them, checked once at start-up and named in a WARN when missing:
 * the operator can fix what the log names, where a slow decline months later would say nothing.
 */
public final class ServerSettingsCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSettingsCheck.class);

    private ServerSettingsCheck() {}

    /**
     * Warns when autovacuum is off: every task updates its row, its events and memory rows many times, and without
     * vacuum their dead versions pile up; a soak with autovacuum off slowed by half within 15 minutes (RELIABILITY.md).
     * Returns whether it warned.
     */
    public static boolean warnIfAutovacuumOff(Database db) {
        boolean off = db.queryOne("SHOW autovacuum", rs -> rs.getString(1)).map("off"::equalsIgnoreCase).orElse(false);
        if (off) {
            LOG.warn("autovacuum is off on this PostgreSQL: tasks, task events and memories are updated on every task"
                    + " and their dead rows pile up, so tasks get slower the longer Kor'tana runs. Turn it on"
                    + " (autovacuum = on in postgresql.conf, or ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf()),"
                    + " or VACUUM the Kor'tana schema often");
        }
        return off;
    }
}
