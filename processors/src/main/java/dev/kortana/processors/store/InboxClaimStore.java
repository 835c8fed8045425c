package dev.kortana.processors.store;

import java.time.Duration;
import java.util.Collection;

/**
 * {@code inbox_claims}: which instance reads which inbox file right now. A claim lasts a lease unless its instance
 * renews it; an expired claim may be taken by any instance and is deleted when nobody takes it.
 */
public class InboxClaimStore {

    private final Database db;

    public InboxClaimStore(Database db) {
        this.db = db;
    }

    /**
     * Claims {@code fileName} for {@code node}: true when nobody held it, its claim expired, or {@code node} held it
     * (a restart under the same node id); false while another instance holds it.
     */
    public boolean claim(String fileName, String node, Duration lease) {
        return db.update("INSERT INTO inbox_claims (file_name, owner, claimed_until)"
                + " VALUES (?, ?, now() + make_interval(secs => ?))"
                + " ON CONFLICT (file_name) DO UPDATE SET owner = excluded.owner, claimed_until = excluded.claimed_until"
                + " WHERE inbox_claims.owner = excluded.owner OR inbox_claims.claimed_until < now()",
                fileName, node, seconds(lease)) == 1;
    }

    /** Lets go of one claim of {@code node}'s; false when it had none (it expired and another instance took it). */
    public boolean release(String fileName, String node) {
        return db.update("DELETE FROM inbox_claims WHERE file_name = ? AND owner = ?", fileName, node) == 1;
    }

    /** Whether anyone holds a live claim on {@code fileName}. */
    public boolean claimed(String fileName) {
        return db.queryOne("SELECT 1 FROM inbox_claims WHERE file_name = ? AND claimed_until >= now()", rs -> true, fileName)
                .isPresent();
    }

    /** Extends {@code node}'s claims on these files and deletes every claim that expired; returns how many it renewed. */
    public int renew(String node, Collection<String> fileNames, Duration lease) {
        db.update("DELETE FROM inbox_claims WHERE claimed_until < now()");
        if (fileNames.isEmpty()) {
            return 0;
        }
        return db.update("UPDATE inbox_claims SET claimed_until = now() + make_interval(secs => ?)"
                + " WHERE owner = ? AND file_name = ANY (?)", seconds(lease), node, fileNames.toArray(String[]::new));
    }

    /** Lets go of every claim of {@code node}'s (a graceful stop). */
    public int releaseAll(String node) {
        return db.update("DELETE FROM inbox_claims WHERE owner = ?", node);
    }

    private static double seconds(Duration lease) {
        return lease.toMillis() / 1000.0;
    }
}
